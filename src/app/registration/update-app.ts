import type { Actor } from '../../domain/actor';
import { AppError } from '../../domain/errors';
import type { AssessedManifest } from './assessed-manifest';
import { assessedManifest, refuseShortfalls } from './assessed-manifest';
import type { UpdatedApp } from './revise-app';
import { reviseApp } from './revise-app';
import type { SubmitRegistrationDeps } from './submit-registration';
import { adminsToTell } from './submit-registration';

/**
 * Changes an approved app. A material change (see `materialChanges`) is a new revision assessed and
 * routed again while the approved revision stays in force; anything else is recorded as a revision
 * at once. Only the owner may change an app; the name and owner stay (transfer changes the owner).
 */
export function createUpdateApp(deps: SubmitRegistrationDeps) {
  const updateAssessed = createUpdateAssessedApp(deps);
  return async function updateApp(appIdOrName: string, input: unknown, actor: Actor): Promise<UpdatedApp> {
    return updateAssessed(appIdOrName, await assessedManifest(input, deps.scanner, deps.policy()), actor);
  };
}

/**
 * `updateApp` for a manifest its caller has already checked and assessed (the registration form
 * does so on every step): stores the change without scanning or validating it again. Throws
 * `input.invalid` when the tier or data classification demands what is missing.
 */
export function createUpdateAssessedApp(deps: SubmitRegistrationDeps) {
  return async function updateAssessedApp(
    appIdOrName: string,
    assessed: AssessedManifest,
    actor: Actor,
  ): Promise<UpdatedApp> {
    const { policy, manifest, assessment } = assessed;
    refuseShortfalls(assessment);
    const route = { ...deps, admins: await adminsToTell(deps, policy, assessment) };
    return deps.registry.transaction(async (tx) => {
      const app = (await tx.apps.find(appIdOrName)) ?? (await tx.apps.findByName(appIdOrName));
      if (!app) throw new AppError('app.not_found', `No app "${appIdOrName}".`);
      return reviseApp(tx, route, policy, app, manifest, assessment, actor);
    });
  };
}
