import { createReadDiscoveryCoverage } from '../src/app/discovery/read-discovery-coverage';
import { createReadEstate } from '../src/app/posture/read-estate';
import type { Actor } from '../src/domain/actor';
import { createLogger } from '../src/log/logger';
import type { Runtime } from '../src/runtime';
import { openRuntime } from '../src/runtime';
import { openDatabase } from '../src/store/open-database';
import type { DatabaseTarget } from '../src/store/database-target';
import { exportOnce } from './export-throughput';
import { inFreshProcess, serveFreshProcess } from './fresh-process';
import type { LatencyStats } from './latency-stats';
import { latencyStats } from './latency-stats';
import { listQueries } from './list-latency';
import { registrationInputs } from './registration-inputs';
import type { ScaleSeed } from './seed-scale';
import { SCALE_AT as AT, seedScale } from './seed-scale';
import { seededRandom } from './seeded-random';
import { elapsedMs, timeCalls } from './time-calls';

/** How much each measurement does at every size. */
export interface ScaleEffort {
  /** Registrations measured on top of the seeded registry, after `warmup` unmeasured ones. */
  registrations: number;
  warmup: number;
  /** Calls of each list query; the estate queries and a search matching nothing get fewer on big registries. */
  calls: number;
  /** Dry-run sweeps timed (the full plan); idle ticks timed after the real sweep. */
  plans: number;
}

/** Everything measured at one size on one database. */
export interface ScaleMeasure {
  seed: ScaleSeed;
  registrationMs: LatencyStats;
  list: { firstPage: LatencyStats; deepPage: LatencyStats; search: LatencyStats; searchNoMatch: LatencyStats };
  /** The dashboard estate page's queries (app counts, live facts, discovery coverage). */
  estateMs: LatencyStats;
  /** Dry-run `runDueWork` (a full plan), median and max. */
  planMs: { median: number; max: number };
  /** The real sweep that follows, and the median of ticks 5, 10, 15 minutes later with nothing new. */
  sweepMs: number;
  idleTickMs: number;
  reminders: number;
  verifyMs: number;
  verified: number;
  /** `microapp export --format csv` as its own process, read promptly. */
  export: { ms: number; maxRssMiB: number; bytes: number };
  /** Steps that failed at this size (their figures are NaN), with the error each ended with. */
  failures: Record<string, string>;
  /** Peak resident set of the measuring process (the bot's core on this registry), in MiB. */
  peakRssMiB: number;
}

const ACTOR: Actor = { platform: 'slack', tenant: 'TBENCH', userId: 'UBENCH' };

/**
 * On a registry seeded by {@link seedScale}, opens the real runtime and measures: list first page,
 * a page deep in the registry, name search and a search matching nothing; the estate page's queries;
 * `effort.registrations` registrations through `submitRegistration`; `audit verify`; dry-run sweeps
 * (the full plan), the real sweep and idle ticks after it; and its own peak RSS. A step that fails
 * is recorded in `failures` (its figures NaN) and the others still run.
 */
export async function scaleCurve(
  target: DatabaseTarget,
  policyDir: string,
  seed: ScaleSeed,
  effort: ScaleEffort,
): Promise<Omit<ScaleMeasure, 'export'>> {
  let now = new Date(AT.getTime() - 3_600_000);
  const runtime = await openRuntime(
    { database: target, policyDir },
    createLogger({ level: 'error', write: () => undefined }),
    { clock: { now: () => now } },
  );
  let measured: Omit<ScaleMeasure, 'export' | 'peakRssMiB'>;
  const failures: Record<string, string> = {};
  const attempt = async <T>(step: string, failed: T, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      failures[step] = error instanceof Error ? error.message : String(error);
      return failed;
    }
  };
  const timed = async (step: string, run: () => Promise<unknown>) =>
    attempt(step, Number.NaN, async () => {
      const start = process.hrtime.bigint();
      await run();
      return elapsedMs(start);
    });
  try {
    const { core, registry, clock } = runtime;
    const list = await attempt(
      'list',
      { firstPage: FAILED, deepPage: FAILED, search: FAILED, searchNoMatch: FAILED },
      () => measureLists(target, runtime, seed.apps, effort),
    );
    const readEstate = createReadEstate({
      registry,
      coverage: createReadDiscoveryCoverage({ registry, clock, sources: [] }),
      systemName: (s) => s,
    });
    const estate = await attempt('estate', FAILED, async () =>
      latencyStats((await timeCalls(wholeRegistryCalls(effort, seed.apps), 2, () => readEstate())).samplesMs),
    );
    const inputs = registrationInputs(runtime.policy, effort.warmup + effort.registrations, 'Scale ');
    const registration = await attempt('registration', FAILED, async () => {
      const calls = await timeCalls(effort.registrations, effort.warmup, async (i) => {
        await core.submitRegistration(inputs[i], ACTOR);
      });
      return latencyStats(calls.samplesMs);
    });
    let verified = 0;
    const verifyMs = await timed('audit verify', async () => {
      const verdict = await core.verifyAudit();
      if (!verdict.ok) throw new Error(`the seeded chain breaks at event ${verdict.seq}: ${verdict.problem}`);
      verified = verdict.count;
    });
    const plans: number[] = [];
    for (let i = 0; i < effort.plans; i++)
      plans.push(await timed('full plan', () => core.runDueWork({ at: AT, dryRun: true })));
    plans.sort((a, b) => a - b);
    let reminders = 0;
    now = AT;
    const sweepMs = await timed('sweep', async () => {
      const report = await core.runDueWork({ at: AT });
      reminders = report.digests.reduce((n, d) => n + d.items.length, 0);
    });
    const ticks: number[] = [];
    for (let i = 1; i <= 3; i++) {
      now = new Date(AT.getTime() + i * 5 * 60_000);
      ticks.push(await timed('idle tick', () => core.runDueWork({ at: now })));
    }
    ticks.sort((a, b) => a - b);
    measured = {
      seed,
      registrationMs: registration,
      list,
      estateMs: estate,
      planMs: { median: plans[Math.floor(plans.length / 2)]!, max: plans.at(-1)! },
      sweepMs,
      idleTickMs: ticks[1]!,
      reminders,
      verifyMs,
      verified,
      failures,
    };
  } finally {
    await runtime.close();
  }
  return { ...measured, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

/** The list queries of the list part over this registry, deep-page cursors sampled from the seeded names. */
async function measureLists(
  target: DatabaseTarget,
  runtime: Runtime,
  apps: number,
  effort: ScaleEffort,
): Promise<ScaleMeasure['list']> {
  const queries = listQueries(await sampleKeys(target, apps), { rows: apps, seedMs: 0, owners: [], statuses: {} });
  const time = async (name: string, calls = effort.calls) => {
    const timed = await timeCalls(calls, 5, (i) => runtime.core.listApps(queries[name]!(i)));
    return latencyStats(timed.samplesMs);
  };
  return {
    firstPage: await time('first page'),
    deepPage: await time('deep page (after cursor)'),
    search: await time('search'),
    searchNoMatch: await time('search, no match', wholeRegistryCalls(effort, apps)),
  };
}

const FAILED: LatencyStats = { count: 0, p50: Number.NaN, p99: Number.NaN, mean: Number.NaN, max: Number.NaN };

/** Calls of a query that reads the whole registry: `effort.calls` at 10,000 apps, fewer above (10 at least). */
export function wholeRegistryCalls(effort: ScaleEffort, apps: number): number {
  return Math.max(10, Math.min(effort.calls, Math.round((effort.calls * 10_000) / apps)));
}

/** The sorted name keys of 1,000 seeded apps picked at random (seeded app ids are numbered). */
async function sampleKeys(target: DatabaseTarget, apps: number): Promise<string[]> {
  const random = seededRandom(5);
  const ids = Array.from(
    { length: 1000 },
    () => `00000000-0000-4000-a000-${random.int(apps).toString(16).padStart(12, '0')}`,
  );
  const db = openDatabase(target);
  try {
    const rows = await db.selectFrom('app').select('name_key').where('id', 'in', ids).orderBy('name_key').execute();
    return rows.map((r) => r.name_key);
  } finally {
    await db.destroy();
  }
}

interface Request {
  target: DatabaseTarget;
  policyDir: string;
  seed: ScaleSeed;
  effort: ScaleEffort;
}

/**
 * Seeds `apps` apps here ({@link seedScale}), measures them in a fresh Node process (this module,
 * forked) so the peak RSS is that of a bot's core on this registry, then times the export.
 */
export async function scaleCurveInFreshProcess(
  target: DatabaseTarget,
  policyDir: string,
  apps: number,
  effort: ScaleEffort,
): Promise<ScaleMeasure> {
  const seed = await seedScale(target, policyDir, apps);
  const measured = await inFreshProcess<Request, Omit<ScaleMeasure, 'export'>>(
    __filename,
    { target, policyDir, seed, effort },
    'scale',
  );
  const run = await exportOnce(target, policyDir, { format: 'csv', stallMs: 0 });
  return { ...measured, export: { ms: run.ms, maxRssMiB: run.maxRssMiB, bytes: run.bytes } };
}

if (require.main === module && process.send)
  serveFreshProcess((r: Request) => scaleCurve(r.target, r.policyDir, r.seed, r.effort));
