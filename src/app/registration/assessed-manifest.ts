import type { Assessment } from '../../domain/assessment';
import { AppError } from '../../domain/errors';
import type { Manifest } from '../../domain/manifest';
import { assess } from '../../policy/assess';
import { withCatalogIds } from '../../policy/catalog-match';
import type { Policy } from '../../policy/policy';
import type { SecretScanner } from '../../secrets/scan-secrets';
import { checkManifest } from './check-manifest';

/** A manifest already checked (schema + secret scan, systems by catalog id) and assessed under `policy`. */
export interface AssessedManifest {
  policy: Policy;
  manifest: Manifest;
  assessment: Assessment;
}

/**
 * Validates and assesses untrusted input under `policy`: schema and secret scan, systems named by
 * catalog id, then the policy. Throws `input.invalid` with every schema and secret problem; what the
 * tier or classification demands is left in `assessment.shortfalls` (see `refuseShortfalls`).
 */
export async function assessedManifest(
  input: unknown,
  scanner: SecretScanner,
  policy: Policy,
): Promise<AssessedManifest> {
  const manifest = withCatalogIds(policy, await checkManifest(input, scanner));
  return { policy, manifest, assessment: assess(policy, manifest) };
}

/** Throws `input.invalid`, with a field error for each, when the tier or classification demands what is missing. */
export function refuseShortfalls(assessment: Assessment): void {
  if (assessment.shortfalls.length > 0) {
    throw new AppError('input.invalid', 'The registration is missing what its risk tier requires.', {
      fieldErrors: assessment.shortfalls.map((s) => ({ field: s.field, path: s.field, message: s.message })),
    });
  }
}
