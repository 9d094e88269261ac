import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { checkManifest } from '../registration/check-manifest';
import { isAppError } from '../../domain/errors';
import type { SecretScanner } from '../../secrets/scan-secrets';
import { assess } from '../../policy/assess';
import { isYaml, parseYamlFile } from '../../policy/load-policy';
import type { Policy } from '../../policy/policy';

const expectation = z.strictObject({
  tier: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional(),
  decision: z.enum(['auto_approve', 'review', 'prohibited']).optional(),
  score: z.number().int().min(0).max(10).optional(),
  rules: z.array(z.string()).optional(),
  requiredApprovals: z.array(z.strictObject({ role: z.string(), count: z.number().int() })).optional(),
  requiredControls: z.array(z.string()).optional(),
  shortfalls: z.array(z.string()).optional(),
  invalid: z.array(z.string()).min(1).optional(),
});

const testFile = z.strictObject({
  base: z.record(z.string(), z.unknown()).default({}),
  /** A case's `manifest` is merged over `base`; a field set to null is removed. */
  cases: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        manifest: z.record(z.string(), z.unknown()).default({}),
        expect: expectation,
      }),
    )
    .min(1),
});

/** The outcome of one example manifest. */
export interface PolicyTestResult {
  file: string;
  name: string;
  passed: boolean;
  /** What differed from the expectation, in words. */
  failures: string[];
}

/**
 * Runs the example manifests in `<policy dir>/tests/*.yaml`, like `opa test`: each case's manifest
 * (merged over the file's `base`) goes through validation, the secret scan and assessment, and
 * every expected property is compared.
 */
export async function runPolicyTests(policy: Policy, scanner: SecretScanner): Promise<PolicyTestResult[]> {
  const dir = join(policy.dir, 'tests');
  const files = (await readdir(dir).catch(() => [] as string[])).filter(isYaml).sort();
  const results: PolicyTestResult[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const problems: string[] = [];
    const parsed = testFile.safeParse(parseYamlFile(path, await readFile(path, 'utf8'), problems));
    if (!parsed.success) {
      problems.push(...parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
      results.push({ file: path, name: '(file)', passed: false, failures: problems });
      continue;
    }
    for (const c of parsed.data.cases) {
      const input = Object.fromEntries(
        Object.entries({ ...parsed.data.base, ...c.manifest }).filter(([, v]) => v !== null),
      );
      const failures = await runCase(policy, scanner, input, c.expect);
      results.push({ file: path, name: c.name, passed: failures.length === 0, failures });
    }
  }
  return results;
}

async function runCase(
  policy: Policy,
  scanner: SecretScanner,
  input: Record<string, unknown>,
  expected: z.infer<typeof expectation>,
): Promise<string[]> {
  let manifest;
  try {
    manifest = await checkManifest(input, scanner);
  } catch (error) {
    if (!isAppError(error, 'input.invalid')) throw error;
    const fields = [...new Set(error.details.fieldErrors?.map((e) => e.field))].sort();
    if (!expected.invalid)
      return [`manifest was rejected: ${error.details.fieldErrors?.map((e) => `${e.path}: ${e.message}`).join('; ')}`];
    return compare('invalid fields', fields, [...expected.invalid].sort());
  }
  if (expected.invalid)
    return [`expected fields ${expected.invalid.join(', ')} to be rejected, but the manifest was accepted`];

  const a = assess(policy, manifest);
  const failures: string[] = [];
  if (expected.tier !== undefined) failures.push(...compare('tier', a.tier, expected.tier));
  if (expected.decision !== undefined) failures.push(...compare('decision', a.decision, expected.decision));
  if (expected.score !== undefined) failures.push(...compare('score', a.score, expected.score));
  if (expected.rules)
    failures.push(...compare('rules', a.reasons.map((r) => r.rule).sort(), [...expected.rules].sort()));
  if (expected.requiredApprovals) {
    const key = (x: { role: string; count: number }) => `${x.role}x${x.count}`;
    failures.push(
      ...compare('requiredApprovals', a.requiredApprovals.map(key).sort(), expected.requiredApprovals.map(key).sort()),
    );
  }
  if (expected.requiredControls) {
    failures.push(
      ...compare('requiredControls', [...a.requiredControls].sort(), [...expected.requiredControls].sort()),
    );
  }
  if (expected.shortfalls) {
    failures.push(
      ...compare(
        'shortfall fields',
        [...new Set(a.shortfalls.map((s) => s.field))].sort(),
        [...expected.shortfalls].sort(),
      ),
    );
  }
  return failures;
}

function compare(what: string, actual: unknown, wanted: unknown): string[] {
  const a = JSON.stringify(actual);
  const w = JSON.stringify(wanted);
  return a === w ? [] : [`${what}: expected ${w}, got ${a}`];
}
