import { createCore } from '../src/app/create-core';
import { createHttpsHealthProbe } from '../src/health/https-health-probe';
import { loadPolicy } from '../src/policy/load-policy';
import { createPeopleDirectory } from '../src/people/people-directory';
import { createSecretScanner } from '../src/secrets/scan-secrets';
import type { DatabaseTarget } from '../src/store/database-target';
import { createKyselyRegistry } from '../src/store/kysely-registry';
import { migrateToLatest } from '../src/store/migrate';
import { openDatabase } from '../src/store/open-database';
import type { Tables } from '../src/store/tables';
import { createLogger } from '../src/log/logger';
import { inFreshProcess, serveFreshProcess } from './fresh-process';
import { startHealthStandIn, throwawayCertificate } from './health-stand-in';
import { elapsedMs } from './time-calls';

/** How big a health round the bench runs. */
export interface HealthRoundSizes {
  apps: number;
  concurrency: number;
}

/** What one round of health checks over the stand-in measured. */
export interface HealthRoundBench {
  dialect: DatabaseTarget['kind'];
  sizes: HealthRoundSizes;
  seedMs: number;
  roundMs: number;
  checksPerSecond: number;
  counts: Record<string, number>;
  /** Requests the stand-in had open at once, at most: the round's concurrency bound seen from outside. */
  peakOpen: number;
  /** Resident set of the round's process before the round and at its peak. */
  rssBeforeMiB: number;
  peakRssMiB: number;
}

/** Seeds `apps` approved apps whose health endpoints are paths of `base` (every 10th answers 503, every 20th is degraded). */
async function seedHealthBench(target: DatabaseTarget, apps: number, base: string): Promise<number> {
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const start = process.hrtime.bigint();
    await db.transaction().execute(async (trx) => {
      for (let first = 0; first < apps; first += 500) {
        const ids = Array.from({ length: Math.min(500, apps - first) }, (_, k) => first + k);
        const hex = (i: number) => i.toString(16).padStart(12, '0');
        const appRows: Tables['app'][] = ids.map((i) => ({
          id: `00000000-0000-4000-a000-${hex(i)}`,
          name: `Health bench app ${i}`,
          name_key: `health bench app ${i}`,
          status: 'approved',
          owner: `slack:UB${i % 3000}`,
          backup_owner: null,
          business_unit: 'Operations',
          tier: 1,
          score: 2,
          current_revision_id: `00000000-0000-4000-8000-${hex(i)}`,
          approved_revision_id: `00000000-0000-4000-8000-${hex(i)}`,
          expires_at: '2028-01-01T00:00:00.000Z',
          created_at: '2027-01-01T00:00:00.000Z',
          updated_at: '2027-01-01T00:00:00.000Z',
          retention_days: null,
          sandbox_since: null,
          last_active_at: null,
        }));
        const path = (i: number) => (i % 10 === 0 ? '/down' : i % 20 === 5 ? '/degraded' : '/ok');
        await trx.insertInto('app').values(appRows).execute();
        await trx
          .insertInto('revision')
          .values(
            ids.map((i) => ({
              id: `00000000-0000-4000-8000-${hex(i)}`,
              app_id: `00000000-0000-4000-a000-${hex(i)}`,
              number: 1,
              manifest: JSON.stringify({ name: `Health bench app ${i}`, healthEndpoint: `${base}${path(i)}?app=${i}` }),
              assessment: '{}',
              policy_version: 'bench',
              submitted_by: 'slack:UB0',
              created_at: '2027-01-01T00:00:00.000Z',
            })),
          )
          .execute();
      }
    });
    return elapsedMs(start);
  } finally {
    await db.destroy();
  }
}

type Request = { target: DatabaseTarget; policyDir: string; sizes: HealthRoundSizes; ca: string };

/** In the fresh process: one round over every seeded app, as the bot's scheduler runs it. */
async function healthRound(r: Request): Promise<Omit<HealthRoundBench, 'seedMs' | 'peakOpen'>> {
  const registry = await createKyselyRegistry(r.target);
  try {
    const loaded = await loadPolicy(r.policyDir);
    const policy = { ...loaded, healthChecks: { ...loaded.healthChecks, concurrency: r.sizes.concurrency } };
    const clock = { now: () => new Date() };
    const core = createCore({
      registry,
      policy: () => policy,
      scanner: createSecretScanner(),
      clock,
      logger: createLogger({ level: 'error', write: (line) => process.stderr.write(line) }),
      directory: createPeopleDirectory({ people: registry.people, messengers: new Map(), clock }),
      platforms: ['slack'],
      healthProbe: createHttpsHealthProbe({ allowedHosts: ['127.0.0.1'], ca: r.ca }),
    });
    const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
    const report = await core.runHealthRound();
    return {
      dialect: r.target.kind,
      sizes: r.sizes,
      roundMs: report.ms,
      checksPerSecond: report.results.length / (report.ms / 1000),
      counts: { ...report.counts, unstored: report.unstored },
      rssBeforeMiB,
      peakRssMiB: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    await registry.close();
  }
}

/** Starts the stand-in here, seeds, then runs the round in a fresh Node process so its memory is that of a bot running one. */
export async function healthRoundInFreshProcess(
  target: DatabaseTarget,
  policyDir: string,
  sizes: HealthRoundSizes,
): Promise<HealthRoundBench> {
  const cert = throwawayCertificate();
  const standIn = await startHealthStandIn(cert, (req, res) => {
    const json = (status: number, body: string) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(body);
    if (req.url?.startsWith('/down')) return json(503, '{"status":"down"}');
    if (req.url?.startsWith('/degraded')) return json(200, '{"status":"degraded"}');
    json(200, '{"status":"ok"}');
  });
  try {
    const seedMs = await seedHealthBench(target, sizes.apps, standIn.url(''));
    const measured = await inFreshProcess<Request, Omit<HealthRoundBench, 'seedMs' | 'peakOpen'>>(
      __filename,
      { target, policyDir, sizes, ca: cert.cert },
      'health round',
    );
    return { ...measured, seedMs, peakOpen: standIn.peakOpen() };
  } finally {
    await standIn.close();
    cert.remove();
  }
}

/** A one-line summary. */
export function describeHealthRound(h: HealthRoundBench): string {
  return `${h.dialect}: ${h.sizes.apps} endpoints, ${h.sizes.concurrency} at a time: round ${(h.roundMs / 1000).toFixed(1)} s (${h.checksPerSecond.toFixed(0)} checks/s), ${h.counts.healthy} healthy, ${h.counts.degraded} degraded, ${h.counts.failing} failing; at most ${h.peakOpen} requests open at the stand-in; RSS ${h.rssBeforeMiB.toFixed(0)} MiB before, peak ${h.peakRssMiB.toFixed(0)} MiB; seeded in ${(h.seedMs / 1000).toFixed(1)} s`;
}

if (require.main === module && process.send) serveFreshProcess(healthRound);
