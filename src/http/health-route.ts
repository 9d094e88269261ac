import type { Policy } from '../policy/policy';
import type { Clock } from '../ports/clock';
import type { Registry } from '../ports/registry';
import type { RouteHandler } from './http-server';
import { sendJson } from './http-server';

/** `GET /healthz`: 200 `ok` when the database answers, 503 `degraded` when it does not. */
export function healthRoute(deps: { registry: Registry; policy: () => Policy; clock: Clock; startedAt: Date }): RouteHandler {
  return async (_req, res) => {
    const database = await deps.registry.ping().then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    );
    const ok = database === 'ok';
    sendJson(res, ok ? 200 : 503, {
      status: ok ? 'ok' : 'degraded',
      database: { dialect: deps.registry.dialect, status: database },
      policyVersion: deps.policy().version,
      uptimeSeconds: Math.round((deps.clock.now().getTime() - deps.startedAt.getTime()) / 1000),
    });
  };
}
