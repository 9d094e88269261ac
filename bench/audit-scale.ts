import { fromAuditEvent } from '../src/store/row-mapping';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AuditEvent } from '../src/domain/audit';
import { GENESIS_HASH, hashEvent } from '../src/domain/audit';
import type { DatabaseTarget } from '../src/store/database-target';
import { migrateToLatest } from '../src/store/migrate';
import { openDatabase } from '../src/store/open-database';
import type { Tables } from '../src/store/tables';
import { elapsedMs } from './time-calls';

/** How big a log the audit part builds. */
export interface AuditScaleSizes {
  /** Events in the log before the first checkpoint. */
  events: number;
  /** Events added after it, before the second (incremental) checkpoint. */
  more: number;
}

/** One `microapp` process measured: wall time (start-up included), peak RSS and what it printed. */
export interface CliRun {
  ms: number;
  maxRssMiB: number;
  out: string;
}

/** What the audit part measured on one database. */
export interface AuditScale {
  dialect: DatabaseTarget['kind'];
  sizes: AuditScaleSizes;
  seedMs: number;
  /** `microapp audit checkpoint` over the whole log, with no checkpoint before it. */
  firstCheckpoint: CliRun;
  /** `microapp audit checkpoint` after `more` events: the tree grows from the last one's right edge. */
  nextCheckpoint: CliRun;
  /** `microapp audit verify --from-dir`: the hash chain, then both checkpoints. */
  verify: CliRun;
  /** The verify run said the chain and both checkpoints hold. */
  held: boolean;
  /** A process that starts and stops without touching the log (`microapp audit public-key`), for scale. */
  startup: CliRun;
}

const CLI = join(__dirname, '../src/cli/main.js');
const REPORTER = join(__dirname, 'report-max-rss.js');
/** Rows per multi-row insert: 16 columns each, under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const BATCH = { sqlite: 2000, postgres: 4000 } as const;
const ACTIONS = ['app.registered', 'review.approved', 'app.recertified', 'token.issued', 'review.denied'];
const ORIGIN = 'bench.example.com/microapp-audit';

/**
 * Builds a log of `events` audit events straight into the store's tables (the hash chain computed as
 * the store computes it, in multi-row inserts), then runs the CLI as its own process, as an operator
 * would: `audit checkpoint` (the Merkle root over every event), `more` events later `audit checkpoint`
 * again, then `audit verify --from-dir` over the folder both were published to. The CLI must be
 * built (`dist/`).
 */
export async function auditScale(
  target: DatabaseTarget,
  policyDir: string,
  sizes: AuditScaleSizes,
): Promise<AuditScale> {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-audit-bench-'));
  try {
    const keyFile = join(dir, 'audit-key.pem');
    writeFileSync(
      keyFile,
      generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    );
    const env = {
      DATABASE_URL: target.kind === 'sqlite' ? `sqlite:${target.file}` : target.url,
      POLICY_DIR: policyDir,
      AUDIT_SIGNING_KEY_FILE: keyFile,
      AUDIT_CHECKPOINT_DIR: join(dir, 'checkpoints'),
      AUDIT_LOG_ORIGIN: ORIGIN,
    };
    const db = openDatabase(target);
    let seedMs: number;
    try {
      await migrateToLatest(db);
      seedMs = await seedAuditEvents(db, target.kind, 0, sizes.events);
      const startup = await runCli(['audit', 'public-key'], env, dir);
      const firstCheckpoint = await runCli(['audit', 'checkpoint'], env, dir);
      seedMs += await seedAuditEvents(db, target.kind, sizes.events, sizes.more);
      const nextCheckpoint = await runCli(['audit', 'checkpoint'], env, dir);
      const verify = await runCli(['audit', 'verify', '--from-dir', 'checkpoints'], env, dir);
      const published = readdirSync(join(dir, 'checkpoints')).length;
      const held =
        published === 2 &&
        verify.out.includes(`Audit log OK: ${sizes.events + sizes.more} events`) &&
        verify.out.includes(`All 2 checkpoints hold against the ${sizes.events + sizes.more} events`);
      return { dialect: target.kind, sizes, seedMs, firstCheckpoint, nextCheckpoint, verify, held, startup };
    } finally {
      await db.destroy();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Appends `count` events after event `after`, chained from the stored head as `kyselyAuditLog`
 * chains them, in one transaction of multi-row inserts; moves the head. On PostgreSQL the table is
 * then vacuumed, as autovacuum would have done to a log written over months (otherwise the first
 * reader pays for setting a million rows' hint bits). Returns the time taken, in ms.
 */
export async function seedAuditEvents(
  db: Kysely<Tables>,
  kind: DatabaseTarget['kind'],
  after: number,
  count: number,
): Promise<number> {
  const start = process.hrtime.bigint();
  await db.transaction().execute(async (trx) => {
    const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
    let prevHash = head?.hash ?? GENESIS_HASH;
    let seq = after;
    const at0 = Date.UTC(2025, 0, 1);
    while (seq < after + count) {
      const rows: Tables['audit_event'][] = [];
      for (let n = 0; n < BATCH[kind] && seq < after + count; n++) {
        seq += 1;
        const body: Omit<AuditEvent, 'hash'> = {
          seq,
          id: `00000000-0000-4000-b000-${seq.toString(16).padStart(12, '0')}`,
          at: new Date(at0 + seq * 30_000).toISOString(),
          actorPlatform: 'slack',
          actorTenant: 'T0BENCH',
          actorUser: `slack:U${(seq % 5000).toString().padStart(6, '0')}`,
          action: ACTIONS[seq % ACTIONS.length]!,
          targetType: 'app',
          targetId: `00000000-0000-4000-a000-${(seq % 100_000).toString(16).padStart(12, '0')}`,
          outcome: 'success',
          reason: null,
          policyVersion: '2026.11+bench',
          riskScore: seq % 11,
          details: `{"n":${seq}}`,
          prevHash,
        };
        prevHash = hashEvent(body);
        rows.push(fromAuditEvent({ ...body, hash: prevHash }));
      }
      await trx.insertInto('audit_event').values(rows).execute();
    }
    await trx.updateTable('audit_head').set({ seq, hash: prevHash }).where('id', '=', 1).execute();
  });
  if (kind === 'postgres') await sql`vacuum (analyze) audit_event`.execute(db);
  return elapsedMs(start);
}

function runCli(args: string[], env: Record<string, string>, cwd: string): Promise<CliRun> {
  const rssFile = join(cwd, `max-rss-${process.hrtime.bigint()}`);
  const start = process.hrtime.bigint();
  const child = spawn(process.execPath, ['-r', REPORTER, CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env, BENCH_MAX_RSS_FILE: rssFile },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = elapsedMs(start);
      if (code !== 0) return reject(new Error(`microapp ${args.join(' ')} exited with ${code}: ${errors}${out}`));
      resolve({ ms, maxRssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024, out });
    });
  });
}

/** A one-line summary of the runs on one database. */
export function describeAuditScale(a: AuditScale): string {
  const s = (r: CliRun) => `${(r.ms / 1000).toFixed(2)} s, ${r.maxRssMiB.toFixed(0)} MiB`;
  return `${a.dialect}: ${a.sizes.events.toLocaleString('en-US')} events seeded in ${(a.seedMs / 1000).toFixed(1)} s; start-up alone ${s(a.startup)}; checkpoint ${s(a.firstCheckpoint)}; +${a.sizes.more.toLocaleString('en-US')} events, next checkpoint ${s(a.nextCheckpoint)}; verify chain + 2 checkpoints ${s(a.verify)}${a.held ? '' : ' (DID NOT HOLD)'}`;
}
