import type { AppHealth, HealthStatus, HealthTelling } from '../../domain/app-health';
import { judgeProbe, nextHealth } from '../../domain/app-health';
import { SCHEDULER_ACTOR } from '../../domain/actor';
import type { NewOutboundMessage } from '../../domain/outbound';
import { noticeTo } from '../../domain/outbound-messages';
import type { Policy } from '../../policy/policy';
import type { HealthTarget } from '../../ports/app-health-store';
import type { Clock } from '../../ports/clock';
import type { HealthProbe } from '../../ports/health-probe';
import type { RegistryWith } from '../../ports/registry';

/** Checks kept in each app's health history. */
export const HEALTH_HISTORY_PER_APP = 100;

/** One app's check: its status now, the reason unless healthy, and who was told. */
export interface HealthCheckResult {
  appId: string;
  name: string;
  status: HealthStatus;
  reason?: string;
  ms: number;
  told: HealthTelling[];
}

/** What checking one app needs. */
export interface CheckAppHealthDeps {
  registry: RegistryWith<'health' | 'outbox' | 'audit' | 'apps'>;
  probe: HealthProbe;
  policy: () => Pick<Policy, 'healthChecks' | 'version'>;
  clock: Clock;
  /** The admins who can be reached, asked only when a failing spell is due to go to them. */
  admins: () => Promise<string[]>;
}

/**
 * Calls one app's health endpoint and stores the outcome with its history, in one transaction with
 * the notices it causes: the owner once after `failuresBeforeAlert` failures in a row, the owner
 * once when it answers again, the admins once when failing lasts `escalateAfterDays` (see `nextHealth`).
 * A check stopped by `signal` (the bot shutting down) stores nothing and gives undefined.
 */
export function createCheckAppHealth(deps: CheckAppHealthDeps) {
  return async (target: HealthTarget, signal?: AbortSignal): Promise<HealthCheckResult | undefined> => {
    const answer = await deps.probe.check(target.url, signal);
    if (signal?.aborted) return undefined;
    const verdict = judgeProbe(answer);
    const at = deps.clock.now().toISOString();
    const thresholds = deps.policy().healthChecks;
    const before = await deps.registry.read((tx) => tx.health.current(target.appId));
    const admins = nextHealth(before, target.appId, verdict, at, thresholds).tell.includes('escalate_to_admins')
      ? await deps.admins()
      : [];
    const told = await deps.registry.transaction(async (tx) => {
      const previous = await tx.health.current(target.appId);
      const { health, tell } = nextHealth(previous, target.appId, verdict, at, thresholds);
      await tx.health.save(health);
      await tx.health.record(
        { appId: target.appId, at, status: verdict.status, reason: verdict.reason, ms: verdict.ms },
        HEALTH_HISTORY_PER_APP,
      );
      if (tell.length === 0) return tell;
      await tx.outbox.enqueue(
        tell.flatMap((t) => messagesFor(t, target, health, previous, admins, thresholds.escalateAfterDays)),
        at,
      );
      const app = await tx.apps.find(target.appId);
      const audited = tell.filter((t) => t !== 'escalate_to_admins');
      if (audited.length > 0)
        await tx.audit.append(
          audited.map((t) => ({
            actor: SCHEDULER_ACTOR,
            action: t === 'alert_owner' ? 'app.health_failing' : 'app.health_recovered',
            targetType: 'app' as const,
            targetId: target.appId,
            outcome: 'success' as const,
            policyVersion: deps.policy().version,
            ...(app && { riskScore: app.score }),
            ...(t === 'alert_owner' && health.lastError && { reason: health.lastError }),
            details: { status: health.status, since: health.since, failures: health.consecutiveFailures },
          })),
          at,
        );
      return tell;
    });
    return {
      appId: target.appId,
      name: target.name,
      status: verdict.status,
      ...(verdict.reason && { reason: verdict.reason }),
      ms: verdict.ms,
      told,
    };
  };
}

function messagesFor(
  tell: HealthTelling,
  target: HealthTarget,
  health: AppHealth,
  previous: AppHealth | undefined,
  admins: string[],
  escalateAfterDays: number,
): NewOutboundMessage[] {
  const keyed = (key: string, messages: NewOutboundMessage[]) =>
    messages.map((m) => ({
      ...m,
      dedupeKey: `health|${key}|${target.appId}|${(m.recipient as { ref: string }).ref.toLowerCase()}`.slice(0, 300),
    }));
  const reason = health.lastError ?? 'it did not answer';
  switch (tell) {
    case 'alert_owner':
      return keyed(
        `failing|${health.since}`,
        noticeTo([target.owner], {
          type: 'health_failing',
          appId: target.appId,
          reason,
          since: health.since,
          failures: health.consecutiveFailures,
          escalateAfterDays,
        }),
      );
    case 'recovery_to_owner':
      return keyed(
        `recovered|${previous?.since ?? health.since}`,
        noticeTo([target.owner], {
          type: 'health_recovered',
          appId: target.appId,
          status: health.status === 'degraded' ? 'degraded' : 'healthy',
          failingSince: previous?.since ?? health.since,
        }),
      );
    case 'escalate_to_admins':
      return keyed(
        `escalated|${health.since}`,
        noticeTo(admins, {
          type: 'health_escalated',
          appId: target.appId,
          owner: target.owner,
          reason,
          since: health.since,
          ownerToldAt: health.alertedAt ?? health.since,
        }),
      );
  }
}
