import { randomUUID } from 'node:crypto';
import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import { laneOf } from '../domain/outbound';
import type { NewOutboundMessage } from '../domain/outbound';
import type { ClaimedRow, OutboxRow, OutboxState, OutboxStore } from '../ports/outbox';
import { OUTBOX_STATES } from '../ports/outbox';
import type { Tables } from './tables';
import type { WritePath } from './write-path';

type Db = Kysely<Tables> | Transaction<Tables>;

/** How often a claim picks again when another worker took every row it picked first. */
const CLAIM_ROUNDS = 5;

/** Writes messages as pending rows, in as few statements as the databases allow; a row whose dedupe key is taken is skipped. */
export async function insertOutboxRows(db: Db, messages: NewOutboundMessage[], at: string): Promise<void> {
  for (let first = 0; first < messages.length; first += INSERT_ROWS)
    await insertChunk(db, messages.slice(first, first + INSERT_ROWS), at);
}

/** Rows per insert: 9 columns × 2,000 stays under SQLite's 32,766 bound parameters. */
const INSERT_ROWS = 2000;

async function insertChunk(db: Db, messages: NewOutboundMessage[], at: string): Promise<void> {
  await db
    .insertInto('outbox')
    .values(
      messages.map((m) => ({
        id: randomUUID(),
        lane: laneOf(m.recipient),
        recipient: JSON.stringify(m.recipient),
        message: JSON.stringify(m.message),
        dedupe_key: m.dedupeKey ?? null,
        state: 'pending',
        attempts: 0,
        due_at: m.dueAt ?? at,
        created_at: at,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/**
 * The outbox over kysely: leases make claims safe across workers; PostgreSQL also skips rows
 * another worker holds. Due rows are first picked without a lock, at most `perLane` from any one
 * lane (a long queue for one channel cannot crowd out the others) and three times as many as
 * wanted; then up to `limit` of them are claimed in a short transaction that re-checks them, so
 * concurrent workers rarely collide. An idle outbox costs one read and no write lock.
 */
export function kyselyOutbox(db: Kysely<Tables>, dialect: 'sqlite' | 'postgres', writes: WritePath): OutboxStore {
  const mine = (w: Db, id: string, owner: string) =>
    w.updateTable('outbox').where('id', '=', id).where('lease_owner', '=', owner);
  return {
    enqueue: (messages, at) => writes.transaction((trx) => insertOutboxRows(trx, messages, at)),
    async claim({ owner, now, leaseUntil, limit, skipLanes, perLane = limit }) {
      const due = (eb: ExpressionBuilder<Tables, 'outbox'>) =>
        eb.or([
          eb.and([eb('state', '=', 'pending'), eb('due_at', '<=', now)]),
          eb.and([eb('state', '=', 'sending'), eb('lease_until', '<', now)]),
        ]);
      let ranked = db
        .selectFrom('outbox')
        .select([
          'id',
          'due_at',
          'created_at',
          sql<number>`row_number() over (partition by lane order by due_at, created_at)`.as('place'),
        ])
        .where(due);
      if (skipLanes.length > 0) ranked = ranked.where('lane', 'not in', skipLanes);
      for (let round = 0; round < CLAIM_ROUNDS; round++) {
        const candidates = await db
          .selectFrom(ranked.as('r'))
          .select('r.id')
          .where('r.place', '<=', perLane)
          .orderBy('r.due_at')
          .orderBy('r.created_at')
          .limit(limit * 3)
          .execute();
        if (candidates.length === 0) return [];
        const claimed = await writes.transaction(async (trx) => {
          let query = trx
            .selectFrom('outbox')
            .selectAll()
            .where(
              'id',
              'in',
              candidates.map((c) => c.id),
            )
            .where(due)
            .orderBy('due_at')
            .orderBy('created_at')
            .limit(limit);
          if (dialect === 'postgres') query = query.forUpdate().skipLocked();
          const rows = await query.execute();
          if (rows.length > 0)
            await trx
              .updateTable('outbox')
              .set({ state: 'sending', lease_owner: owner, lease_until: leaseUntil })
              .where(
                'id',
                'in',
                rows.map((r) => r.id),
              )
              .execute();
          return rows.map((r): ClaimedRow => ({ ...toOutboxRow(r), state: 'sending', leaseOwner: owner }));
        });
        if (claimed.length > 0) return claimed;
      }
      return [];
    },
    async startSend(id, owner, now, leaseUntil) {
      const result = await writes.write((w) =>
        mine(w, id, owner)
          .where('state', '=', 'sending')
          .set((eb) => ({ lease_until: leaseUntil, send_started_at: now, attempts: eb('attempts', '+', 1) }))
          .executeTakeFirst(),
      );
      return Number(result.numUpdatedRows) === 1;
    },
    async complete(id, owner, at, ref) {
      await writes.write((w) =>
        mine(w, id, owner)
          .set({
            state: 'done',
            done_at: at,
            message_ref: ref ? JSON.stringify(ref) : null,
            lease_owner: null,
            lease_until: null,
            last_error: null,
          })
          .execute(),
      );
    },
    async retry(id, owner, { dueAt, error, maybeSent }) {
      await writes.write((w) =>
        mine(w, id, owner)
          .set((eb) => ({
            state: 'pending',
            due_at: dueAt,
            last_error: error ?? eb.ref('last_error'),
            lease_owner: null,
            lease_until: null,
            send_started_at: maybeSent ? eb.ref('send_started_at') : null,
          }))
          .execute(),
      );
    },
    async giveUp(id, owner, { at, error, fix }) {
      await writes.write((w) =>
        mine(w, id, owner)
          .set({ state: 'undeliverable', done_at: at, last_error: error, fix, lease_owner: null, lease_until: null })
          .execute(),
      );
    },
    async list({ states, limit }) {
      const rows = await db
        .selectFrom('outbox')
        .selectAll()
        .where('state', 'in', states)
        .orderBy('created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toOutboxRow);
    },
    async counts() {
      const rows = await db
        .selectFrom('outbox')
        .select((eb) => ['state', eb.fn.countAll<string | number>().as('n')])
        .groupBy('state')
        .execute();
      const counts = Object.fromEntries(OUTBOX_STATES.map((s) => [s, 0])) as Record<OutboxState, number>;
      for (const r of rows) counts[r.state as OutboxState] = Number(r.n);
      return counts;
    },
    async oldestWaitingAt() {
      const row = await db
        .selectFrom('outbox')
        .select((eb) => eb.fn.min<string | null>('created_at').as('at'))
        .where('state', 'in', ['pending', 'sending'])
        .executeTakeFirst();
      return row?.at ?? undefined;
    },
  };
}

function toOutboxRow(r: Selectable<Tables['outbox']>): OutboxRow {
  return {
    id: r.id,
    lane: r.lane,
    recipient: JSON.parse(r.recipient),
    message: JSON.parse(r.message),
    state: r.state as OutboxState,
    attempts: r.attempts,
    dueAt: r.due_at,
    sendStartedAt: r.send_started_at ?? undefined,
    lastError: r.last_error ?? undefined,
    fix: r.fix ?? undefined,
    ref: r.message_ref ? JSON.parse(r.message_ref) : undefined,
    createdAt: r.created_at,
    doneAt: r.done_at ?? undefined,
  };
}
