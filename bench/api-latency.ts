import type { Actor } from '../src/domain/actor';
import { createRateLimiter } from '../src/http/api/rate-limiter';
import { mountApi } from '../src/http/api/api-routes';
import { healthRoute } from '../src/http/health-route';
import { createHttpServer } from '../src/http/http-server';
import { createLogger } from '../src/log/logger';
import { systemClock } from '../src/ports/clock';
import { openRuntime } from '../src/runtime';
import type { DatabaseTarget } from '../src/store/database-target';
import { inFreshProcess, serveFreshProcess } from './fresh-process';
import type { LatencyStats } from './latency-stats';
import { latencyStats } from './latency-stats';
import type { LoadResult } from './load-generator';
import { startLoadGenerator } from './load-generator';
import { registrationInputs } from './registration-inputs';
import { elapsedMs } from './time-calls';

/** How much load the API part puts on the server. */
export interface ApiSizes {
  /** Registrations seeded through the real use case; the tier-1 ones (approved at once) are the gate's subjects. */
  registrations: number;
  /** Measured requests of each kind, in `rounds` alternating blocks. */
  requests: number;
  rounds: number;
  concurrency: number;
  warmup: number;
}

/** Latency of `POST /api/v1/gate` and `GET /healthz` on one database, under the same load in the same run. */
export interface ApiLatency {
  sizes: ApiSizes;
  seeded: { registrations: number; approved: number; seedMs: number };
  gate: LatencyStats & { perSecond: number; statuses: Record<string, number>; results: Record<string, number> };
  health: LatencyStats & { perSecond: number; statuses: Record<string, number> };
}

const ACTOR: Actor = { platform: 'cli', userId: 'bench' };

/**
 * Opens the real runtime on `target`, registers `registrations` apps through `submitRegistration`,
 * issues an API token (scope gate), serves `/healthz` and the REST API on the bot's HTTP server
 * (a rate limit far above the load), then drives it from a separate load-generator process:
 * `POST /api/v1/gate` with each approved app's manifest and `GET /healthz`, `concurrency` in flight,
 * in alternating blocks so both see the same conditions.
 */
export async function apiLatency(target: DatabaseTarget, policyDir: string, sizes: ApiSizes): Promise<ApiLatency> {
  const logger = createLogger({ level: 'error', write: () => undefined });
  const runtime = await openRuntime({ database: target, policyDir }, logger);
  const http = createHttpServer(logger);
  let load: Awaited<ReturnType<typeof startLoadGenerator>> | undefined;
  try {
    const inputs = registrationInputs(runtime.policy, sizes.registrations, 'api ');
    const seedBegin = process.hrtime.bigint();
    const approved: Record<string, unknown>[] = [];
    for (const input of inputs) {
      const result = await runtime.core.submitRegistration(input, ACTOR);
      if (result.assessment.decision === 'auto_approve') approved.push(input);
    }
    const seedMs = elapsedMs(seedBegin);
    if (approved.length === 0) throw new Error('no seeded app was approved at once');
    const { token } = await runtime.core.issueApiToken('bench', ['gate'], ACTOR);
    http.route(
      'GET',
      '/healthz',
      healthRoute({
        registry: runtime.registry,
        policy: () => runtime.policy,
        clock: systemClock,
        startedAt: new Date(),
      }),
    );
    mountApi(http, {
      core: runtime.core,
      registry: runtime.registry,
      directory: runtime.directory,
      clock: systemClock,
      limiter: createRateLimiter(1_000_000_000),
    });
    const port = await http.listen(0, '127.0.0.1');
    const total = sizes.warmup + sizes.requests;
    const gateBodies = Array.from({ length: total }, (_, i) =>
      JSON.stringify({ manifest: approved[i % approved.length] }),
    );
    load = await startLoadGenerator(
      'unused',
      'application/json',
      { gate: gateBodies, health: Array.from({ length: total }, () => '') },
      { authorization: `Bearer ${token}` },
    );
    const base = `http://127.0.0.1:${port}`;
    const block = (kind: 'gate' | 'health', from: number, count: number) =>
      load!.run({
        url: kind === 'gate' ? `${base}/api/v1/gate` : `${base}/healthz`,
        set: kind,
        from,
        count,
        concurrency: sizes.concurrency,
        method: kind === 'gate' ? 'POST' : 'GET',
      });
    await block('gate', 0, sizes.warmup);
    await block('health', 0, sizes.warmup);
    const measured: Record<'gate' | 'health', LoadResult[]> = { gate: [], health: [] };
    const per = Math.ceil(sizes.requests / sizes.rounds);
    for (let from = 0; from < sizes.requests; from += per) {
      const count = Math.min(per, sizes.requests - from);
      measured.gate.push(await block('gate', sizes.warmup + from, count));
      measured.health.push(await block('health', sizes.warmup + from, count));
    }
    const sum = (runs: LoadResult[]) => {
      const statuses: Record<string, number> = {};
      for (const r of runs) for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n;
      const wallMs = runs.reduce((t, r) => t + r.wallMs, 0);
      const samples = runs.flatMap((r) => r.samplesMs);
      return { ...latencyStats(samples), perSecond: samples.length / (wallMs / 1000), statuses };
    };
    const results: Record<string, number> = {};
    for (const r of measured.gate)
      for (const [body, n] of Object.entries(r.bodies)) {
        const result = /"result":\s*"(\w+)"/.exec(body)?.[1] ?? 'other';
        results[result] = (results[result] ?? 0) + n;
      }
    return {
      sizes,
      seeded: { registrations: inputs.length, approved: approved.length, seedMs },
      gate: { ...sum(measured.gate), results },
      health: sum(measured.health),
    };
  } finally {
    await load?.close();
    await http.close();
    await runtime.close();
  }
}

interface ChildRequest {
  target: DatabaseTarget;
  policyDir: string;
  sizes: ApiSizes;
}

/** `apiLatency` in a fresh Node process (this module, forked), so the server starts like a newly started bot. */
export function apiLatencyInFreshProcess(
  target: DatabaseTarget,
  policyDir: string,
  sizes: ApiSizes,
): Promise<ApiLatency> {
  return inFreshProcess<ChildRequest, ApiLatency>(__filename, { target, policyDir, sizes }, 'api');
}

if (require.main === module && process.send) {
  serveFreshProcess<ChildRequest, ApiLatency>(({ target, policyDir, sizes }) => apiLatency(target, policyDir, sizes));
}
