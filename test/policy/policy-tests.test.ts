import { join } from 'node:path';
import { loadPolicy } from '../../src/policy/load-policy';
import { runPolicyTests } from '../../src/app/policy-tools/run-policy-tests';
import { createSecretScanner } from '../../src/secrets/scan-secrets';

test('the shipped policy passes its own example manifests', async () => {
  const policy = await loadPolicy(join(__dirname, '../../policies'));
  const results = await runPolicyTests(policy, createSecretScanner());
  const failed = results.filter((r) => !r.passed);
  expect(failed).toEqual([]);
  expect(results.length).toBeGreaterThanOrEqual(15);
});
