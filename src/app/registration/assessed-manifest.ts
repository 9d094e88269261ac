import type { Assessment } from '../../domain/assessment';
import { AppError } from '../../domain/errors';
import type { Manifest } from '../../domain/manifest';
import { assess } from '../../policy/assess';
import { withCatalogIds } from '../../policy/catalog-match';
import type { Policy } from '../../policy/policy';
import type { SecretScanner } from '../../secrets/scan-secrets';
import { checkManifest } from './check-manifest';

/**
 * Validates and assesses untrusted input: schema and secret scan, systems named by catalog id,
 * then the policy. Throws `input.invalid` when the tier or classification demands what is missing.
 */
export async function assessedManifest(input: unknown, scanner: SecretScanner, policy: Policy): Promise<{ manifest: Manifest; assessment: Assessment }> {
  const manifest = withCatalogIds(policy, await checkManifest(input, scanner));
  const assessment = assess(policy, manifest);
  if (assessment.shortfalls.length > 0) {
    throw new AppError('input.invalid', 'The registration is missing what its risk tier requires.', {
      fieldErrors: assessment.shortfalls.map((s) => ({ field: s.field, path: s.field, message: s.message })),
    });
  }
  return { manifest, assessment };
}
