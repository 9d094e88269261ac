import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSlackMessenger } from '../adapters/slack/slack-messenger';
import { createCore } from '../src/app/create-core';
import { createDeliveryWorker } from '../src/delivery/delivery-worker';
import { createLogger } from '../src/log/logger';
import { createPeopleDirectory } from '../src/people/people-directory';
import { loadPolicy } from '../src/policy/load-policy';
import { systemClock } from '../src/ports/clock';
import type { Messenger } from '../src/ports/messenger';
import { createSecretScanner } from '../src/secrets/scan-secrets';
import type { DatabaseTarget } from '../src/store/database-target';
import { createKyselyRegistry } from '../src/store/kysely-registry';
import { migrateToLatest } from '../src/store/migrate';
import { openDatabase } from '../src/store/open-database';
import { nameKey } from '../src/store/row-mapping';
import type { Tables } from '../src/store/tables';
import { createBenchDatabase } from './bench-database';
import { inFreshProcess, serveFreshProcess } from './fresh-process';
import { seededRandom } from './seeded-random';
import { startSlackApiStandIn } from './slack-api-stand-in';
import { elapsedMs } from './time-calls';

/** How big the registry is and how much of it is due. */
export interface SweepSizes {
  apps: number;
  due: number;
  owners: number;
  /** Dry-run sweeps timed (the plan); the real sweep runs once after them. */
  plans: number;
}

/** What the part measured. */
export interface SweepBench {
  dialect: DatabaseTarget['kind'];
  sizes: SweepSizes;
  seedMs: number;
  /** Dry-run sweeps: plan, stage rows, digests, rolled back. */
  planMs: { median: number; max: number };
  /** The real sweep: the same, committed, with the digests queued in the outbox. */
  sweepMs: number;
  /** The next sweep, five minutes later: nothing new due, but the reminders just sent are looked at again (anyone at the cap?). */
  steadyMs: number;
  /** The ticks after that, every five minutes for an hour: nothing new due and nothing changed, what a quiet tick costs at this size. */
  idleMs: { median: number; max: number };
  digests: number;
  items: number;
  /** Resident set size of the process after the sweeps, in MiB. */
  rssMiB: number;
  /** Digest delivery (SQLite only): every queued digest sent through the real worker and Slack messenger. */
  delivery?: {
    digests: number;
    ms: number;
    perSecond: number;
    rateLimited: number;
    /** Digest rows delivered (their dedupe key starts `digest:`). */
    done: number;
    /** Other rows the sweep queued and the worker delivered (an app retired, an exception ended). */
    otherDone: number;
    /** Messages Slack accepted: each delivered row once means `done + otherDone`. */
    posts: number;
  };
}

/** The Monday morning the sweep runs at. */
const AT = new Date('2027-03-01T10:00:00.000Z');
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** Quiet ticks timed after the first two, five minutes apart. */
const IDLE_TICKS = 11;

/**
 * Seeds `apps` approved apps (one in `apps / due` expiring within the next 30 days, so one of its
 * re-certification reminders is due; the rest expiring in 60–365 days; each between midnight and
 * 09:00 UTC, so no reminder falls due in the hour after the sweep; all of them reporting use
 * within the last 60 days, so none is asked whether it is still in use), times dry-run sweeps (every
 * app planned), one real sweep at a fixed Monday 10:00 UTC, the next tick and the quiet ticks of the
 * following hour (each planning what changed), notes the process's memory, and on SQLite delivers
 * every queued digest to a stand-in of Slack's Web API that enforces one post per second per
 * conversation.
 */
export async function reminderSweep(
  target: DatabaseTarget,
  policyDir: string,
  sizes: SweepSizes,
  seedMs: number,
): Promise<SweepBench> {
  const registry = await createKyselyRegistry(target);
  try {
    const policy = await loadPolicy(policyDir);
    const slackApi = await startSlackApiStandIn({ postIntervalMs: 1000 });
    const messengers = new Map<string, Messenger>([
      ['slack', createSlackMessenger({ token: 'xoxb-bench', apiUrl: slackApi.url })],
    ]);
    const directory = createPeopleDirectory({ people: registry.people, messengers, clock: systemClock });
    const logger = createLogger({ level: 'error', write: () => undefined });
    const core = createCore({
      registry,
      policy: () => policy,
      scanner: createSecretScanner(),
      clock: systemClock,
      logger,
      directory,
      platforms: ['slack'],
    });
    try {
      const plans: number[] = [];
      for (let i = 0; i < sizes.plans; i++) {
        const start = process.hrtime.bigint();
        await core.runDueWork({ at: AT, dryRun: true });
        plans.push(elapsedMs(start));
      }
      const start = process.hrtime.bigint();
      const report = await core.runDueWork({ at: AT });
      const sweepMs = elapsedMs(start);
      const steadyStart = process.hrtime.bigint();
      await core.runDueWork({ at: new Date(AT.getTime() + 5 * 60_000) });
      const steadyMs = elapsedMs(steadyStart);
      const idle: number[] = [];
      for (let tick = 2; tick < 2 + IDLE_TICKS; tick++) {
        const idleStart = process.hrtime.bigint();
        await core.runDueWork({ at: new Date(AT.getTime() + tick * 5 * 60_000) });
        idle.push(elapsedMs(idleStart));
      }
      idle.sort((a, b) => a - b);
      const rssMiB = process.memoryUsage().rss / 2 ** 20;
      plans.sort((a, b) => a - b);
      const result: SweepBench = {
        dialect: target.kind,
        sizes,
        seedMs,
        planMs: { median: plans[Math.floor(plans.length / 2)]!, max: plans.at(-1)! },
        sweepMs,
        steadyMs,
        idleMs: { median: idle[Math.floor(idle.length / 2)]!, max: idle.at(-1)! },
        digests: report.digests.filter((d) => d.sent).length,
        items: report.digests.reduce((n, d) => n + d.items.length, 0),
        rssMiB,
      };
      if (target.kind === 'sqlite') {
        const worker = createDeliveryWorker({
          registry,
          directory,
          messengers,
          policy: () => policy,
          clock: systemClock,
          logger,
        });
        const begin = process.hrtime.bigint();
        worker.start();
        const waiting = async () => {
          const c = await registry.outbox.counts();
          return c.pending + c.sending;
        };
        while ((await waiting()) > 0 && elapsedMs(begin) < 120_000) await sleep(20);
        const ms = elapsedMs(begin);
        await worker.stop(5_000);
        const done = await doneByKind(target);
        result.delivery = {
          digests: result.digests,
          ms,
          perSecond: (done.digests * 1000) / ms,
          rateLimited: slackApi.rateLimited('chat.postMessage'),
          done: done.digests,
          otherDone: done.others,
          posts: slackApi.posts().length,
        };
      }
      return result;
    } finally {
      await slackApi.close();
    }
  } finally {
    await registry.close();
  }
}

/** Delivered outbox rows: digests (dedupe key `digest:…`) and everything else. */
async function doneByKind(target: DatabaseTarget): Promise<{ digests: number; others: number }> {
  const db = openDatabase(target);
  try {
    const rows = await db
      .selectFrom('outbox')
      .select((eb) => [
        eb.fn.countAll<string | number>().as('n'),
        eb.fn
          .sum<string | number>(eb.case().when('dedupe_key', 'like', 'digest:%').then(1).else(0).end())
          .as('digests'),
      ])
      .where('state', '=', 'done')
      .executeTakeFirstOrThrow();
    const digests = Number(rows.digests ?? 0);
    return { digests, others: Number(rows.n) - digests };
  } finally {
    await db.destroy();
  }
}

/** Migrates the database and seeds it (see `reminderSweep`); returns how long seeding took, in ms. */
export async function seedReminderBench(target: DatabaseTarget, sizes: SweepSizes): Promise<number> {
  const db = openDatabase(target);
  try {
    await migrateToLatest(db);
    const start = process.hrtime.bigint();
    await seed(db, sizes);
    // PostgreSQL's autovacuum gathers statistics within a minute of a bulk load like this one.
    if (target.kind === 'postgres') await sql`analyze`.execute(db);
    return elapsedMs(start);
  } finally {
    await db.destroy();
  }
}

async function seed(db: ReturnType<typeof openDatabase>, sizes: SweepSizes): Promise<void> {
  const random = seededRandom(7);
  const every = Math.floor(sizes.apps / sizes.due);
  const created = new Date(AT.getTime() - 300 * DAY_MS).toISOString();
  await db.transaction().execute(async (trx) => {
    for (let first = 0; first < sizes.apps; first += 1000) {
      const rows: Tables['app'][] = [];
      for (let i = first; i < Math.min(sizes.apps, first + 1000); i++) {
        const due = i % every === 0 && i / every < sizes.due;
        const days = due ? 1 + random.int(29) : 60 + random.int(305);
        const revision = randomUUID();
        const name = `Reminder bench app ${i}`;
        rows.push({
          id: randomUUID(),
          name,
          name_key: nameKey(name),
          status: 'approved',
          owner: `slack:U${String(random.int(sizes.owners)).padStart(6, '0')}`,
          backup_owner: null,
          business_unit: 'Operations',
          tier: 1,
          score: 1,
          current_revision_id: revision,
          approved_revision_id: revision,
          expires_at: new Date(AT.getTime() - 10 * HOUR_MS + days * DAY_MS + random.int(9 * HOUR_MS)).toISOString(),
          created_at: created,
          updated_at: created,
          retention_days: i % 3 === 0 ? 365 : null,
          sandbox_since: null,
          last_active_at: new Date(AT.getTime() - random.int(60) * DAY_MS).toISOString(),
        });
      }
      await trx.insertInto('app').values(rows).execute();
    }
  });
}

/** Seeds here, then runs `reminderSweep` in a fresh Node process (this module, forked), so its memory is that of a bot sweeping. */
export async function reminderSweepInFreshProcess(
  target: DatabaseTarget,
  policyDir: string,
  sizes: SweepSizes,
): Promise<SweepBench> {
  const seedMs = await seedReminderBench(target, sizes);
  return inFreshProcess<Request, SweepBench>(__filename, { target, policyDir, sizes, seedMs }, 'reminder sweep');
}

type Request = { target: DatabaseTarget; policyDir: string; sizes: SweepSizes; seedMs: number };

/** A one-line summary. */
export function describeSweep(s: SweepBench): string {
  const d = s.delivery
    ? `; ${s.delivery.done} digests delivered in ${(s.delivery.ms / 1000).toFixed(1)} s (${s.delivery.perSecond.toFixed(0)}/s, ${s.delivery.rateLimited} × 429)`
    : '';
  return `${s.dialect}: ${s.sizes.apps} apps, ${s.items} reminders due to ${s.digests} people; plan (dry run) median ${s.planMs.median.toFixed(0)} ms, max ${s.planMs.max.toFixed(0)} ms; real sweep ${s.sweepMs.toFixed(0)} ms; next sweep (nothing new due) ${s.steadyMs.toFixed(0)} ms; idle tick median ${s.idleMs.median.toFixed(1)} ms, max ${s.idleMs.max.toFixed(1)} ms; RSS ${s.rssMiB.toFixed(0)} MiB; seeded in ${(s.seedMs / 1000).toFixed(1)} s${d}`;
}

if (require.main === module) {
  if (process.send) {
    serveFreshProcess((r: Request) => reminderSweep(r.target, r.policyDir, r.sizes, r.seedMs));
  } else {
    // Alone, from the project root: `node dist/bench/reminder-sweep.js` (SQLite in a temp file).
    void (async () => {
      const db = await createBenchDatabase('sqlite');
      try {
        const sizes = { apps: 100_000, due: 10_000, owners: 3000, plans: 3 };
        process.stdout.write(
          `${describeSweep(await reminderSweepInFreshProcess(db.target, join(process.cwd(), 'policies'), sizes))}\n`,
        );
      } finally {
        await db.drop();
      }
    })();
  }
}
