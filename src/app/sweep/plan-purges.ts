import type { AppRecord } from '../../domain/app-record';
import type { DueStage } from '../../domain/reminder';
import { cycleKey } from '../../domain/reminder';
import type { Policy } from '../../policy/policy';
import type { RegistryTx } from '../../ports/registry';
import { addDays } from '../../domain/dates';
import type { DuePlan } from './due-plan';
import { wakeAt } from './due-plan';
import { securityTeam } from '../../policy/security-team';

const DAY_MS = 86_400_000;

/** The day an app's current retention cycle came round (every `retentionDays` since it was registered), or undefined before the first. */
export function retentionCycle(app: Pick<AppRecord, 'createdAt' | 'retentionDays'>, at: Date): string | undefined {
  if (!app.retentionDays) return undefined;
  const start = Date.parse(app.createdAt);
  const cycles = Math.floor((at.getTime() - start) / (app.retentionDays * DAY_MS));
  return cycles >= 1 ? new Date(start + cycles * app.retentionDays * DAY_MS).toISOString() : undefined;
}

/**
 * When an app's retention reminders next change by time alone (ms since the epoch): its next
 * cycle, or the next repeat of the open one, whichever comes first.
 */
export function nextRetentionChange(
  app: Pick<AppRecord, 'createdAt' | 'retentionDays'>,
  at: Date,
  repeatDays: number,
): number {
  const start = Date.parse(app.createdAt);
  const every = (app.retentionDays ?? 0) * DAY_MS;
  if (every <= 0) return Number.POSITIVE_INFINITY;
  const next = start + (Math.floor((at.getTime() - start) / every) + 1) * every;
  const cycle = retentionCycle(app, at);
  if (!cycle) return next;
  const repeat = repeatDays * DAY_MS;
  const from = Date.parse(cycle);
  return Math.min(next, from + (Math.floor((at.getTime() - from) / repeat) + 1) * repeat);
}

/**
 * An ask with one deadline, open from `dueAt`: `due` then, `again1`, `again2`… every
 * `repeatDays` while unanswered; the policy's cap hands it to `escalateTo` instead.
 */
function ask(
  plan: DuePlan,
  policy: Policy,
  at: Date,
  a: Pick<DueStage, 'appId' | 'obligation' | 'cycle' | 'recipients' | 'escalateTo'> & { dueAt: Date },
): void {
  const { dueAt, ...base } = a;
  plan.open.add(cycleKey(base));
  const repeat = policy.timings.reminders.repeatDays * DAY_MS;
  const n = Math.floor((at.getTime() - dueAt.getTime()) / repeat);
  if (n < 0) return;
  plan.stages.push({
    ...base,
    stage: n === 0 ? 'due' : `again${n}`,
    dueAt: new Date(dueAt.getTime() + n * repeat).toISOString(),
    final: false,
  });
}

/**
 * Retention: each time an app's `retentionDays` window comes round, its owner confirms that data
 * older than the window was purged. The cycle stays open until they confirm it or the next cycle
 * begins; after the policy's cap it goes to security instead.
 */
export async function planRetention(
  tx: Pick<RegistryTx, 'apps' | 'purges'>,
  policy: Policy,
  at: Date,
  plan: DuePlan,
): Promise<void> {
  const apps = await tx.apps.withRetention(plan.scope && [...plan.scope]);
  const longest = apps.reduce((most, a) => Math.max(most, a.retentionDays ?? 0), 0);
  const purged = await tx.purges.purgedSince('retention', addDays(at, -longest).toISOString());
  const security = securityTeam(policy);
  for (const app of apps) {
    wakeAt(plan, app.id, nextRetentionChange(app, at, policy.timings.reminders.repeatDays));
    const cycle = retentionCycle(app, at);
    if (!cycle || purged.has(`${app.id}|${cycle}`)) continue;
    ask(plan, policy, at, {
      appId: app.id,
      obligation: 'retention',
      cycle,
      dueAt: new Date(cycle),
      recipients: [app.owner],
      escalateTo: security,
    });
  }
}

/**
 * Test data: an app used with test data in a sandbox has it purged within the policy's
 * `testDataPurgeDays`; then its owner is asked to confirm it. Confirming closes the cycle; the next
 * sandbox use starts another.
 */
export async function planTestData(
  tx: Pick<RegistryTx, 'apps'>,
  policy: Policy,
  at: Date,
  plan: DuePlan,
): Promise<void> {
  const days = policy.timings.testDataPurgeDays;
  const security = securityTeam(policy);
  for (const app of await tx.apps.withSandboxData(at.toISOString(), days)) {
    const cycle = app.sandboxSince!;
    ask(plan, policy, at, {
      appId: app.id,
      obligation: 'test_data',
      cycle,
      dueAt: addDays(new Date(cycle), days),
      recipients: [app.owner],
      escalateTo: security,
    });
  }
}
