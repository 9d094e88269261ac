import { mountApi } from '../../src/http/api/api-routes';
import { createRateLimiter } from '../../src/http/api/rate-limiter';
import { createHttpServer } from '../../src/http/http-server';
import type { DatabaseTarget } from '../../src/store/database-target';
import type { ClockedCore } from './clocked-core';
import { clockedCore } from './clocked-core';
import { silentLogger } from './silent-logger';

/** The REST API over real HTTP on a fresh registry (SQLite unless told) whose clock starts at `now`, rate limit far above any test's load. */
export async function startApiSite(now = '2026-12-07T10:00:00.000Z', dialect: DatabaseTarget['kind'] = 'sqlite') {
  const t: ClockedCore = await clockedCore(dialect, now);
  const http = createHttpServer(silentLogger);
  mountApi(http, {
    core: t.core,
    registry: t.registry,
    directory: t.core.people,
    clock: { now: () => t.state.now },
    limiter: createRateLimiter(10_000),
  });
  const url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  return {
    t,
    http,
    url,
    async close() {
      await http.close();
      await t.registry.close();
    },
  };
}
