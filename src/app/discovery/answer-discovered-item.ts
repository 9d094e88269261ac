import type { Actor } from '../../domain/actor';
import { actorRef } from '../../domain/actor';
import type { ClaimAnswer, DiscoveredItem } from '../../domain/discovered-item';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { discoveredItemFor } from './discovered-item-for';

/** A chat answer to a discovery question: the item's ref and what was said. */
export interface DiscoveredAnswer {
  ref: string;
  answer: ClaimAnswer;
}

/**
 * Not mine or It's retired, from the person asked (or an admin): the item's claim changes, with who
 * answered and when, and the answer is audited (`discovery.answered`). Not mine goes to the admins'
 * next list; a retired item leaves coverage. Answering Not mine twice changes nothing.
 */
export function createAnswerDiscoveredItem(deps: {
  registry: RegistryWith<'discovered' | 'audit'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return async ({ ref, answer }: DiscoveredAnswer, actor: Actor): Promise<DiscoveredItem> => {
    const policy = deps.policy();
    return deps.registry.transaction(async (tx) => {
      const at = deps.clock.now().toISOString();
      const item = await discoveredItemFor(tx.discovered, ref, actor, policy, at);
      if (item.claim === answer) return item;
      const by = actorRef(actor);
      await tx.discovered.answer(item.ref, answer, by, at);
      await tx.audit.append(
        [
          {
            actor,
            action: 'discovery.answered',
            targetType: 'discovered_item',
            targetId: item.ref,
            outcome: 'success',
            policyVersion: policy.version,
            details: { answer, name: item.name, source: item.source },
          },
        ],
        at,
      );
      return { ...item, claim: answer, state: answer, answered: { by, at } };
    });
  };
}
