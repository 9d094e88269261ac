import { relative } from 'node:path';
import { checkManifest } from '../app/registration/check-manifest';
import { describeError } from '../views/describe-error';
import { assessmentJson } from '../domain/assessment';
import { isAppError } from '../domain/errors';
import { assess } from '../policy/assess';
import { withCatalogIds } from '../policy/catalog-match';
import { celFields } from '../policy/cel-environment';
import { loadPolicy } from '../policy/load-policy';
import { roleGaps } from '../policy/role-gaps';
import { plural } from '../views/wording';
import { runPolicyTests } from '../app/policy-tools/run-policy-tests';
import { createSecretScanner } from '../secrets/scan-secrets';
import { plainText } from '../views/plain-text';
import { riskSummary } from '../views/risk-summary';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';
import { readManifestFile } from './read-manifest-file';

/**
 * `microapp policy check [--strict]`: loads and validates every policy file. A policy that does not
 * load is a configuration error (exit 2). Roles the policy needs but nobody holds are warnings;
 * `--strict` makes them fail (exit 1), for CI.
 */
export async function policyCheck(io: CliIo, policyDir: string, strict: boolean): Promise<ExitCode> {
  let p;
  try {
    p = await loadPolicy(policyDir);
  } catch (error) {
    if (!isAppError(error, 'policy.invalid')) throw error;
    io.err(`${describeError(error).text}\n`);
    return EXIT.usage;
  }
  const gaps = roleGaps(p);
  io.out(
    `Policy ${p.version} in ${relative(io.cwd, policyDir) || '.'} is valid: ${p.rules.length} rules, ${Object.keys(p.catalog).length} catalog systems, ${Object.keys(p.roles).length} roles${gaps.length ? `, ${plural(gaps.length, 'warning')}` : ''}.\n`,
  );
  for (const g of gaps) io.err(`warning: ${g.message}\n`);
  if (strict && gaps.length > 0) {
    io.err(
      `--strict: ${gaps.length === 1 ? 'the warning fails' : `${plural(gaps.length, 'warning')} fail`} the check.\n`,
    );
    return EXIT.finding;
  }
  return EXIT.ok;
}

/** `microapp policy test`: runs the example manifests in policies/tests. */
export async function policyTest(io: CliIo, policyDir: string): Promise<ExitCode> {
  const results = await runPolicyTests(await loadPolicy(policyDir), createSecretScanner());
  for (const r of results) {
    io.out(`${r.passed ? 'ok  ' : 'FAIL'} ${relative(io.cwd, r.file)}: ${r.name}\n`);
    for (const f of r.failures) io.out(`       ${f}\n`);
  }
  const failed = results.filter((r) => !r.passed).length;
  if (results.length === 0) io.err(`No example manifests found in ${relative(io.cwd, policyDir)}/tests.\n`);
  io.out(`${results.length - failed} passed, ${failed} failed\n`);
  return failed > 0 || results.length === 0 ? EXIT.finding : EXIT.ok;
}

/**
 * `microapp policy eval <file> [--json]`: previews the assessment of one manifest without
 * registering it. Exits 1 when it would be prohibited or could not be registered as written, so a
 * CI check built on it refuses what `register` refuses; `--json` lists each shortfall.
 */
export async function policyEval(io: CliIo, policyDir: string, file: string, json: boolean): Promise<ExitCode> {
  const policy = await loadPolicy(policyDir);
  const input = await readManifestFile(io.cwd, file);
  let manifest;
  try {
    manifest = withCatalogIds(policy, await checkManifest(input, createSecretScanner()));
  } catch (error) {
    if (!json || !isAppError(error, 'input.invalid')) throw error;
    const shortfalls = (error.details.fieldErrors ?? []).map(({ path, message }) => ({ field: path, message }));
    io.out(JSON.stringify({ valid: false, shortfalls }, null, 2) + '\n');
    return EXIT.finding;
  }
  const a = assess(policy, manifest);
  const refused = a.decision === 'prohibited' || a.shortfalls.length > 0;
  if (json) io.out(JSON.stringify({ valid: true, ...assessmentJson(a) }, null, 2) + '\n');
  else io.out(plainText(riskSummary(manifest.name, a, { manifest, preview: true })) + '\n');
  return refused ? EXIT.finding : EXIT.ok;
}

/** `microapp policy fields [--json]`: every name a rule condition can use, with its type, allowed values and meaning. */
export function policyFields(io: CliIo, json: boolean): ExitCode {
  const fields = celFields();
  if (json) {
    io.out(JSON.stringify(fields, null, 2) + '\n');
    return EXIT.ok;
  }
  const width = Math.max(...fields.map((f) => f.name.length)) + 2;
  for (const f of fields) {
    io.out(
      `${f.name.padEnd(width)}${f.type}${f.optional ? ' (optional)' : ''}${f.values ? `  one of: ${f.values.join(', ')}` : ''}\n${' '.repeat(width)}${f.about}\n`,
    );
  }
  io.out(
    `\nOptional fields may be absent: write has(app.retentionDays) && app.retentionDays > 365. Numbers are CEL ints; lists support in, size(), exists() and all().\n`,
  );
  return EXIT.ok;
}
