import type { Policy } from '../policy/policy';
import type { Clock } from '../ports/clock';
import type { Registry } from '../ports/registry';
import type { Scheduler } from '../scheduler/create-scheduler';
import type { SiemSinkStatus } from '../app/audit/siem-status';
import type { RouteHandler } from './http-server';
import { sendJson } from './http-server';

/**
 * `GET /healthz`: 200 `ok` when the database answers, 503 `degraded` when it does not. With a
 * scheduler it adds the last sweep, the reminders due now and the oldest of them; with SIEM sinks,
 * how many audit events each has not acknowledged yet and its last error (the status stays `ok`:
 * the events wait in the audit log).
 */
export function healthRoute(deps: {
  registry: Registry;
  policy: () => Policy;
  clock: Clock;
  startedAt: Date;
  scheduler?: () => Scheduler | undefined;
  siem?: () => Promise<SiemSinkStatus[]>;
}): RouteHandler {
  return async (_req, res) => {
    const database = await deps.registry.ping().then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    );
    const ok = database === 'ok';
    const scheduler = deps.scheduler?.();
    const due =
      ok && scheduler
        ? await deps.registry
            .read((tx) => tx.reminders.dueSummary(deps.clock.now().toISOString()))
            .catch(() => undefined)
        : undefined;
    const siem = ok && deps.siem ? await deps.siem().catch(() => undefined) : undefined;
    sendJson(res, ok ? 200 : 503, {
      status: ok ? 'ok' : 'degraded',
      database: { dialect: deps.registry.dialect, status: database },
      policyVersion: deps.policy().version,
      uptimeSeconds: Math.round((deps.clock.now().getTime() - deps.startedAt.getTime()) / 1000),
      ...(scheduler && { scheduler: { ...scheduler.status(), ...due } }),
      ...(siem && {
        siem: siem.map((s) => ({
          sink: s.sink,
          status: s.lastError ? 'failing' : 'ok',
          behind: s.behind,
          sentThrough: s.sentThrough,
          ...(s.sentAt && { sentAt: s.sentAt }),
          ...(s.lastError && { lastError: s.lastError, lastErrorAt: s.lastErrorAt }),
        })),
      }),
    });
  };
}
