import { cycleKey } from '../../domain/reminder';
import type { Policy } from '../../policy/policy';
import type { RegistryTx } from '../../ports/registry';
import { addDays } from '../../domain/dates';
import type { DuePlan } from './due-plan';
import { uniqueRefs } from '../../domain/actor';

/** How long after expiry the "ended" word may still go out (a long outage, people away). */
const ENDED_NOTICE_DAYS = 30;
/** Who ends exceptions at expiry. */
export const EXCEPTION_SWEEPER = 'system:scheduler';

/**
 * Exception reminders: the newest due stage before expiry (`d3`, `d1` from `remindDaysBefore`,
 * collapsed after downtime) to the owner and the granter, and at expiry the final `ended`, with
 * the exception handed to the sweep to end. Reads only exceptions near expiry.
 */
export async function planExceptions(
  tx: Pick<RegistryTx, 'apps' | 'exceptions'>,
  policy: Policy,
  at: Date,
  plan: DuePlan,
): Promise<void> {
  const offsets = [...new Set(policy.timings.exception.remindDaysBefore)].sort((a, b) => a - b);
  const ahead = addDays(at, offsets.at(-1) ?? 0);
  for (const e of await tx.exceptions.expiringBetween(
    addDays(at, -ENDED_NOTICE_DAYS).toISOString(),
    new Date(ahead.getTime() + 1).toISOString(),
    EXCEPTION_SWEEPER,
  )) {
    const app = await tx.apps.find(e.appId);
    if (!app) continue;
    const base = { appId: app.id, obligation: 'exception' as const, cycle: e.id };
    const recipients = uniqueRefs([app.owner, e.grantedBy]);
    const expiresAt = new Date(e.expiresAt);
    plan.open.add(cycleKey(base));
    if (expiresAt <= at) {
      if (!e.endedAt) plan.endingExceptions.push(e);
      plan.stages.push({ ...base, stage: 'ended', dueAt: e.expiresAt, recipients, escalateTo: [], final: true });
      continue;
    }
    const days = offsets.find((d) => addDays(expiresAt, -d) <= at);
    if (days !== undefined)
      plan.stages.push({
        ...base,
        stage: `d${days}`,
        dueAt: addDays(expiresAt, -days).toISOString(),
        recipients,
        escalateTo: [],
        final: false,
      });
  }
}
