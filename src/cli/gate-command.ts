import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { GateResult } from '../app/gate/check-gate';
import { echo } from '../domain/safe-text';
import { SBOM_LIMITS } from '../domain/sbom';
import type { Runtime } from '../runtime';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, FileProblem } from './cli-io';
import { readManifestFile } from './read-manifest-file';
import { day } from '../views/wording';

/**
 * `microapp gate --file microapp.yaml [--sbom bom.json] [--json]`: may this build ship? Exit 0 when
 * it passes, 1 with findings (each with its fix), 2 when the files cannot be read.
 */
export async function gate(
  io: CliIo,
  rt: Runtime,
  options: { file: string; sbom?: string; json: boolean },
): Promise<ExitCode> {
  const manifest = await readManifestFile(io.cwd, options.file);
  const sbom = options.sbom === undefined ? undefined : await readSbomFile(io.cwd, options.sbom);
  const result = await rt.core.checkGate({ manifest, sbom, file: options.file });
  io.out(options.json ? `${JSON.stringify(result, null, 2)}\n` : gateWords(result, rt.timeZone));
  return result.result === 'pass' ? EXIT.ok : EXIT.finding;
}

/** The gate's answer in plain words, for a CI log. */
export function gateWords(result: GateResult, timeZone = 'UTC'): string {
  const app = result.app;
  if (result.result === 'pass') {
    const until = app?.expiresAt ? `, approved until ${day(app.expiresAt, timeZone)}` : '';
    const head = `PASS: "${app?.name}" may ship (tier ${app?.tier}${until}).\n`;
    if (!result.unrecorded) return head;
    return `${head}The file differs from the approved revision in ${result.unrecorded.differences.join(', ')}, which needs no review. Record it with: ${result.unrecorded.record}\n`;
  }
  const lines = result.findings.map((f) => `  - ${f.code}: ${f.message}\n    Fix: ${f.fix}`);
  return `FAIL: ${app ? `"${app.name}"` : 'this build'} may not ship.\n${lines.join('\n')}\n`;
}

/** The text of an SBOM file, refused with the fix when it is missing or past the size limit. */
export async function readSbomFile(cwd: string, file: string): Promise<string> {
  const path = resolve(cwd, file);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new FileProblem(`Cannot read the SBOM ${echo(file, 80)}: no such file.`);
  if (info.size > SBOM_LIMITS.bytes)
    throw new FileProblem(
      `The SBOM ${echo(file, 80)} is larger than 20 MB: generate it for this app alone (not the whole monorepo or the build image).`,
    );
  return readFile(path, 'utf8');
}
