import type { Actor } from '../../domain/actor';
import { AppError } from '../../domain/errors';
import { manifestToAnswers } from '../../domain/registration-answers';
import type { RegistrationFormState } from '../../domain/registration-draft';
import type { Policy } from '../../policy/policy';
import type { RegistryWith } from '../../ports/registry';
import { assertChangeable } from './revise-app';

/** What opening the form needs. */
export interface StartRegistrationDeps {
  registry: RegistryWith<'apps' | 'reviews' | 'revisions'>;
  policy: () => Policy;
}

/** The catalog as the form's pick-list. */
export function catalogChoices(policy: Policy): RegistrationFormState['systems'] {
  return Object.values(policy.catalog).map((s) => ({ id: s.id, name: s.name, category: s.category }));
}

/**
 * The form's first step: empty for a new app or, with `appName`, filled in from the latest revision
 * of an approved app its owner wants to change. Refuses (before any form opens) a change the person
 * cannot make: not found, not theirs, not approved, or a change already waiting for review.
 */
export function createStartRegistration(deps: StartRegistrationDeps) {
  return async function startRegistration(actor: Actor, appName?: string): Promise<RegistrationFormState> {
    const policy = deps.policy();
    const systems = catalogChoices(policy);
    if (appName === undefined) return { draft: { step: 1, answers: {}, asked: [] }, values: {}, errors: {}, systems };
    return deps.registry.read(async (tx) => {
      const app = (await tx.apps.find(appName)) ?? (await tx.apps.findByName(appName));
      if (!app) throw new AppError('app.not_found', `No app "${appName}".`);
      await assertChangeable(tx, app, actor);
      const revision = (await tx.revisions.find(app.currentRevisionId))!;
      const values = manifestToAnswers(revision.manifest, new Set(Object.keys(policy.catalog)));
      return {
        draft: { step: 1, answers: {}, asked: [], appId: app.id },
        values,
        errors: {},
        systems,
        appName: app.name,
      };
    });
  };
}
