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
  /** Peak resident set of the measuring process (the bot's core on this registry), in MiB. */
  peakRssMiB: number;
}

const ACTOR: Actor = { platform: 'slack', tenant: 'TBENCH', userId: 'UBENCH' };

/**
 * On a registry seeded by {@link seedScale}, opens the real runtime and measures: list first page,
 * a page deep in the registry, name search and a search matching nothing; the estate page's queries;
 * `effort.registrations` registrations through `submitRegistration`; `audit verify`; dry-run sweeps
 * (the full plan), the real sweep and idle ticks after it; and its own peak RSS.
 */
export async function scaleCurve(
  target: DatabaseTarget,
  policyDir: string,
  seed: ScaleSeed,
  effort: ScaleEffort,
): Promise<Omit<ScaleMeasure, 'export'>> {
  const runtime = await openRuntime(
    { database: target, policyDir },
    createLogger({ level: 'error', write: () => undefined }),
  );
  let measured: Omit<ScaleMeasure, 'export' | 'peakRssMiB'>;
  try {
    const { core, registry, clock } = runtime;
    const list = await measureLists(target, runtime, seed.apps, effort);
    const readEstate = createReadEstate({
      registry,
      coverage: createReadDiscoveryCoverage({ registry, clock, sources: [] }),
      systemName: (s) => s,
    });
    const estate = await timeCalls(wholeRegistryCalls(effort, seed.apps), 2, () => readEstate());
    const inputs = registrationInputs(runtime.policy, effort.warmup + effort.registrations, 'Scale ');
    const registered = await timeCalls(effort.registrations, effort.warmup, async (i) => {
      await core.submitRegistration(inputs[i], ACTOR);
    });
    const verifyStart = process.hrtime.bigint();
    const verdict = await core.verifyAudit();
    const verifyMs = elapsedMs(verifyStart);
    if (!verdict.ok)
      throw new Error(`audit verify failed on the seeded chain at event ${verdict.seq}: ${verdict.problem}`);
    const plans: number[] = [];
    for (let i = 0; i < effort.plans; i++) {
      const start = process.hrtime.bigint();
      await core.runDueWork({ at: AT, dryRun: true });
      plans.push(elapsedMs(start));
    }
    plans.sort((a, b) => a - b);
    const sweepStart = process.hrtime.bigint();
    const report = await core.runDueWork({ at: AT });
    const sweepMs = elapsedMs(sweepStart);
    const ticks: number[] = [];
    for (let i = 1; i <= 3; i++) {
      const start = process.hrtime.bigint();
      await core.runDueWork({ at: new Date(AT.getTime() + i * 5 * 60_000) });
      ticks.push(elapsedMs(start));
    }
    ticks.sort((a, b) => a - b);
    measured = {
      seed,
      registrationMs: latencyStats(registered.samplesMs),
      list,
      estateMs: latencyStats(estate.samplesMs),
      planMs: { median: plans[Math.floor(plans.length / 2)]!, max: plans.at(-1)! },
      sweepMs,
      idleTickMs: ticks[1]!,
      reminders: report.digests.reduce((n, d) => n + d.items.length, 0),
      verifyMs,
      verified: verdict.count,
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
