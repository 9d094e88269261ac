import type { Actor } from '../../domain/actor';
import type { RegistrationFormState } from '../../domain/registration-draft';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { catalogChoices } from '../registration/start-registration';
import { discoveredItemFor } from './discovered-item-for';

/** The longest name the registration form takes. */
const MAX_NAME = 60;
const WITHHELD = '(name withheld';

/**
 * Register it: the registration form's first step with the discovered item's name filled in and its
 * ref carried to the manifest's `externalRefs`, so the stored app matches the item. Only the person
 * asked (or an admin) may open it; opening it changes nothing.
 */
export function createStartDiscoveredRegistration(deps: {
  registry: RegistryWith<'discovered'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return async (ref: string, actor: Actor): Promise<RegistrationFormState> => {
    const policy = deps.policy();
    const item = await deps.registry.read((tx) =>
      discoveredItemFor(tx.discovered, ref, actor, policy, deps.clock.now().toISOString()),
    );
    const name = item.name.startsWith(WITHHELD) ? undefined : item.name.trim().slice(0, MAX_NAME);
    return {
      draft: { step: 1, answers: {}, asked: [], externalRefs: [item.ref] },
      values: name ? { name } : {},
      errors: {},
      systems: catalogChoices(policy),
      discovered: { name: item.name, source: item.source },
    };
  };
}
