import type { Actor } from '../../domain/actor';
import { sameRef } from '../../domain/actor';
import type { ChatPlatform } from '../../domain/outbound';
import { AppError } from '../../domain/errors';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import type { SecretScanner } from '../../secrets/scan-secrets';
import type { Assessment } from '../../domain/assessment';
import type { PeopleDirectory } from '../../people/people-directory';
import { reachableAdmins } from '../../people/reachable-admins';
import { unheldRoles } from '../../policy/unheld-roles';
import type { AssessedManifest } from './assessed-manifest';
import { assessedManifest, refuseShortfalls } from './assessed-manifest';
import { reviseApp } from './revise-app';
import type { SubmittedRegistration } from './store-registration';
import { storeRegistration } from './store-registration';

/** What submitting a registration needs. */
export interface SubmitRegistrationDeps {
  registry: RegistryWith<'apps' | 'audit' | 'outbox' | 'reviews' | 'revisions'>;
  policy: () => Policy;
  scanner: SecretScanner;
  clock: Clock;
  /** Chat platforms that are connected: approval cards go to their destinations. */
  platforms: readonly ChatPlatform[];
  /** Finds admins given by email, to tell them of a review nobody can approve. */
  directory: Pick<PeopleDirectory, 'lookup'>;
}

/** Statuses from which the same owner may register the same name again, as a new revision. */
export const RESUBMITTABLE = new Set(['rejected', 'prohibited']);

/**
 * Validates (schema + secret scan), assesses and stores a registration; the app, its revision, any
 * review, the audit events and the messages it causes are written in one transaction. Low risk is approved at once,
 * prohibited uses are recorded as such, and everything else opens a review.
 * Throws `input.invalid` (with field errors, including what the tier or data classification
 * demands) or `registration.name_taken`.
 */
export function createSubmitRegistration(deps: SubmitRegistrationDeps) {
  const submitAssessed = createSubmitAssessedRegistration(deps);
  return async function submitRegistration(input: unknown, actor: Actor): Promise<SubmittedRegistration> {
    return submitAssessed(await assessedManifest(input, deps.scanner, deps.policy()), actor);
  };
}

/**
 * `submitRegistration` for a manifest its caller has already checked and assessed (the
 * registration form does so on every step): stores it without scanning or validating it again.
 * Throws `input.invalid` when the tier or data classification demands what is missing, or
 * `registration.name_taken`.
 */
export function createSubmitAssessedRegistration(deps: SubmitRegistrationDeps) {
  return async function submitAssessedRegistration(
    assessed: AssessedManifest,
    actor: Actor,
  ): Promise<SubmittedRegistration> {
    const { policy, manifest, assessment } = assessed;
    refuseShortfalls(assessment);
    const route = { ...deps, admins: await adminsToTell(deps, policy, assessment) };
    return deps.registry.transaction(async (tx) => {
      const existing = await tx.apps.findByName(manifest.name);
      if (existing?.status === 'approved' && sameRef(existing.owner, manifest.owner))
        return reviseApp(tx, route, policy, existing, manifest, assessment, actor);
      if (existing && !(RESUBMITTABLE.has(existing.status) && sameRef(existing.owner, manifest.owner))) {
        throw new AppError('registration.name_taken', `An app named "${manifest.name}" is already registered.`, {
          appName: existing.name,
        });
      }
      return storeRegistration(tx, route, policy, existing, manifest, assessment, actor);
    });
  };
}

/** The admins to tell when the review an assessment opens waits for a role nobody holds (none otherwise), found before the transaction. */
export async function adminsToTell(
  deps: Pick<SubmitRegistrationDeps, 'directory' | 'platforms'>,
  policy: Policy,
  assessment: Assessment,
): Promise<string[]> {
  if (assessment.decision !== 'review' || unheldRoles(policy, assessment.requiredApprovals).length === 0) return [];
  return reachableAdmins(policy, deps.platforms, deps.directory);
}
