import type { AppRecord } from '../../domain/app-record';
import type { Policy } from '../../policy/policy';
import type { RegistryTx } from '../../ports/registry';
import { revokeAppTokens } from '../activity/revoke-app-token';
import { SCHEDULER_ACTOR } from '../../domain/actor';

/**
 * Decommissions an app nobody used or kept after being asked, as the scheduler, with its token
 * revoked; audited in plain words. False when the app was used, renewed or retired meanwhile.
 */
export async function retireInactiveApp(
  tx: Pick<RegistryTx, 'activity' | 'audit' | 'tokens'>,
  app: AppRecord,
  policy: Policy,
  at: string,
): Promise<boolean> {
  if (!(await tx.activity.retireSilent(app, at))) return false;
  const { afterDays, answerDays } = policy.timings.inactivity;
  const reason = `no sign of use for ${afterDays} days, and nobody answered whether to keep it within ${answerDays} days`;
  await tx.audit.append(
    [
      {
        actor: SCHEDULER_ACTOR,
        action: 'app.decommissioned',
        targetType: 'app',
        targetId: app.id,
        outcome: 'success',
        reason,
        policyVersion: policy.version,
        riskScore: app.score,
        details: { owner: app.owner, lastActiveAt: app.lastActiveAt ?? null },
      },
    ],
    at,
  );
  await revokeAppTokens(tx, app, SCHEDULER_ACTOR, at, policy, 'the app was decommissioned');
  return true;
}
