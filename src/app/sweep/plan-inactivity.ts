import { lastActivityAt } from '../../domain/last-activity';
import { cycleKey } from '../../domain/reminder';
import type { Policy } from '../../policy/policy';
import type { RegistryTx } from '../../ports/registry';
import { addDays } from '../../domain/dates';
import type { DuePlan } from './due-plan';
import { uniqueRefs } from '../../domain/actor';

/** How long after an inactive app was retired its notice may still go out. */
export const RETIRED_NOTICE_DAYS = 30;

/**
 * Apps with no sign of use for `inactivity.afterDays`: the owner is asked whether to keep or retire
 * the app (the backup owner or admins once the cap is reached). Left unanswered `answerDays` after
 * the question went out, the app is retired (`plan.inactive`) and its owner, backup owner and the
 * admins are told. The cycle is the last sign of use, so any newer sign closes it.
 */
export async function planInactivity(
  tx: Pick<RegistryTx, 'activity'>,
  policy: Policy,
  at: Date,
  plan: DuePlan,
): Promise<void> {
  const { afterDays, answerDays } = policy.timings.inactivity;
  const every = policy.timings.recertification.everyDays;
  const admins = policy.roles.admin?.members ?? [];
  const silentBefore = addDays(at, -afterDays);
  const apps = await tx.activity.silentApps({
    silentBefore: silentBefore.toISOString(),
    expiresBefore: addDays(silentBefore, every).toISOString(),
    retiredSince: addDays(at, -RETIRED_NOTICE_DAYS).toISOString(),
    among: plan.scope && [...plan.scope],
  });
  const cycles = apps.map((app) => ({
    app,
    base: { appId: app.id, obligation: 'inactivity' as const, cycle: lastActivityAt(app, every) },
  }));
  const answerable = cycles.filter((c) => addDays(new Date(c.base.cycle), afterDays + answerDays) <= at);
  const asked = await tx.activity.asksSent(answerable.map((c) => cycleKey(c.base)));
  for (const { app, base } of cycles) {
    const askedAt = asked.get(cycleKey(base));
    const retireAt = askedAt ? addDays(new Date(askedAt), answerDays) : undefined;
    const retired = retireAt !== undefined && retireAt <= at;
    if (app.status === 'decommissioned' && (!retired || app.updatedAt < retireAt.toISOString())) continue;
    plan.open.add(cycleKey(base));
    const stewards = [app.owner, ...(app.backupOwner ? [app.backupOwner] : [])];
    if (retired) {
      if (app.status !== 'decommissioned') plan.inactive.push(app);
      plan.stages.push({
        ...base,
        stage: 'retired',
        dueAt: retireAt.toISOString(),
        recipients: uniqueRefs([...stewards, ...admins]),
        escalateTo: [],
        final: true,
      });
    } else {
      plan.stages.push({
        ...base,
        stage: 'ask',
        dueAt: addDays(new Date(base.cycle), afterDays).toISOString(),
        recipients: [app.owner],
        escalateTo: app.backupOwner ? [app.backupOwner] : admins,
        final: false,
      });
    }
  }
}
