import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Obligation, Reminder, ReminderState } from '../domain/reminder';
import { threadKey } from '../domain/reminder';
import type { ReminderLedger } from '../ports/reminder-ledger';
import { batchedLists, chunks } from './batched-lists';
import type { Tables } from './tables';

type Db = Kysely<Tables> | Transaction<Tables>;

/** Reminder rows over kysely, inside the caller's transaction. */
export function kyselyReminderLedger(db: Db, dialect: 'sqlite' | 'postgres'): ReminderLedger {
  const { batches, isIn } = batchedLists(dialect);
  return {
    async add(reminders) {
      if (dialect === 'postgres') {
        // One array per column: a handful of parameters instead of fourteen per row.
        const rows = reminders.map(fromReminder);
        const column = <K extends keyof Tables['reminder']>(key: K) => rows.map((r) => r[key]);
        await sql`insert into reminder (id, app_id, obligation, cycle, stage, recipient, due_at, send_after, state, escalated, sends, created_at)
          select * from unnest(${column('id')}::text[], ${column('app_id')}::text[], ${column('obligation')}::text[], ${column('cycle')}::text[], ${column('stage')}::text[],
            ${column('recipient')}::text[], ${column('due_at')}::text[], ${column('send_after')}::text[], ${column('state')}::text[], ${column('escalated')}::int[], ${column('sends')}::int[], ${column('created_at')}::text[])
          on conflict (app_id, obligation, cycle, stage, recipient) do nothing`.execute(db);
        return;
      }
      for (const chunk of chunks(reminders)) {
        await db
          .insertInto('reminder')
          .values(chunk.map(fromReminder))
          .onConflict((oc) => oc.columns(['app_id', 'obligation', 'cycle', 'stage', 'recipient']).doNothing())
          .execute();
      }
    },
    async pending(sendBefore) {
      const rows = await db
        .selectFrom('reminder')
        .selectAll()
        .where('state', '=', 'pending')
        .where('send_after', '<=', sendBefore)
        .orderBy('due_at')
        .orderBy('id')
        .execute();
      return rows.map(toReminder);
    },
    async sendsByThread(cycleKeys) {
      const wanted = new Set(cycleKeys);
      const appIds = [...new Set(cycleKeys.map((k) => k.split('|')[0]!))];
      const sends = new Map<string, number>();
      for (const chunk of batches(appIds)) {
        const rows = await db
          .selectFrom('reminder')
          .select(['app_id', 'obligation', 'cycle', 'recipient', 'sends'])
          .where(isIn('app_id', chunk))
          .where('sends', '>', 0)
          .execute();
        for (const r of rows) {
          if (!wanted.has(`${r.app_id}|${r.obligation}|${r.cycle}`)) continue;
          const key = threadKey({
            appId: r.app_id,
            obligation: r.obligation as Obligation,
            cycle: r.cycle,
            recipient: r.recipient,
          });
          sends.set(key, (sends.get(key) ?? 0) + Number(r.sends));
        }
      }
      return sends;
    },
    async recordedStages(cycleKeys) {
      const wanted = new Set(cycleKeys);
      const appIds = [...new Set(cycleKeys.map((k) => k.split('|')[0]!))];
      const recorded = new Set<string>();
      for (const chunk of batches(appIds)) {
        const rows = await db
          .selectFrom('reminder')
          .select(['app_id', 'obligation', 'cycle', 'stage', 'recipient'])
          .where(isIn('app_id', chunk))
          .execute();
        for (const r of rows) {
          const cycle = `${r.app_id}|${r.obligation}|${r.cycle}`;
          if (wanted.has(cycle)) recorded.add(`${cycle}|${r.stage}|${r.recipient}`);
        }
      }
      return recorded;
    },
    async mark(ids, state) {
      for (const chunk of batches(ids))
        await db.updateTable('reminder').set({ state }).where(isIn('id', chunk)).execute();
    },
    async markSent(digests, at) {
      const set = sql`state = 'sent', sent_at = ${at}, sends = sends + 1, digest_id = v.digest_id`;
      if (dialect === 'postgres') {
        await sql`update reminder set ${set} from unnest(${[...digests.keys()]}::text[], ${[...digests.values()]}::text[]) as v(id, digest_id) where reminder.id = v.id`.execute(
          db,
        );
        return;
      }
      for (const chunk of chunks([...digests])) {
        const rows = sql.join(chunk.map(([id, digestId]) => sql`(${id}, ${digestId})`));
        await sql`with v(id, digest_id) as (values ${rows}) update reminder set ${set} from v where reminder.id = v.id`.execute(
          db,
        );
      }
    },
    async snooze(id, sendAfter) {
      await db
        .updateTable('reminder')
        .set({ state: 'pending', send_after: sendAfter })
        .where('id', '=', id)
        .where('state', '=', 'sent')
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('reminder').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toReminder(row);
    },
    async dueSummary(now) {
      const row = await db
        .selectFrom('reminder')
        .select((eb) => [eb.fn.countAll<number | string>().as('due'), eb.fn.min('send_after').as('oldest')])
        .where('state', '=', 'pending')
        .where('send_after', '<=', now)
        .executeTakeFirst();
      return { due: Number(row?.due ?? 0), oldestDueAt: row?.oldest ?? undefined };
    },
    async byDigest(digestId) {
      const rows = await db
        .selectFrom('reminder')
        .selectAll()
        .where('digest_id', '=', digestId)
        .orderBy('due_at')
        .orderBy('id')
        .execute();
      return rows.map(toReminder);
    },
  };
}

function fromReminder(r: Reminder): Tables['reminder'] {
  return {
    id: r.id,
    app_id: r.appId,
    obligation: r.obligation,
    cycle: r.cycle,
    stage: r.stage,
    recipient: r.recipient,
    due_at: r.dueAt,
    send_after: r.sendAfter,
    state: r.state,
    escalated: r.escalated ? 1 : 0,
    sends: r.sends,
    digest_id: r.digestId ?? null,
    sent_at: r.sentAt ?? null,
    created_at: r.createdAt,
  };
}

function toReminder(r: Selectable<Tables['reminder']>): Reminder {
  return {
    id: r.id,
    appId: r.app_id,
    obligation: r.obligation as Obligation,
    cycle: r.cycle,
    stage: r.stage,
    recipient: r.recipient,
    dueAt: r.due_at,
    sendAfter: r.send_after,
    state: r.state as ReminderState,
    escalated: Number(r.escalated) === 1,
    sends: Number(r.sends),
    digestId: r.digest_id ?? undefined,
    sentAt: r.sent_at ?? undefined,
    createdAt: r.created_at,
  };
}
