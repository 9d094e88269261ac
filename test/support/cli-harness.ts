import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { runCli } from '../../src/cli/run-cli';

/** Runs the CLI in-process against an environment; returns exit code and output. */
export async function cli(args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { env, cwd, user: 'tester', out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}

/** A temp dir with manifests written as YAML files (inside the run's temp folder, which globalTeardown removes); returns the dir. */
export function manifestDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-cli-'));
  for (const [name, value] of Object.entries(files))
    writeFileSync(join(dir, name), typeof value === 'string' ? value : stringify(value));
  return dir;
}
