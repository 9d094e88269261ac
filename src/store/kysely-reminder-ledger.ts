import type { ExpressionBuilder, Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import { isEmail } from '../domain/actor';
import type { Obligation, Reminder, ReminderState } from '../domain/reminder';
import { threadKey } from '../domain/reminder';
import type { RecipientProfile, ReminderLedger } from '../ports/reminder-ledger';
import { batchedLists, chunks } from './batched-lists';
import { toApp } from './row-mapping';
import type { Tables } from './tables';

type Db = Kysely<Tables> | Transaction<Tables>;

/** The PostgreSQL advisory lock that lets one replica sweep at a time. */
const SWEEP_LOCK = 7_311_226_009;

/** Reminder rows over kysely, inside the caller's transaction. */
export function kyselyReminderLedger(db: Db, dialect: 'sqlite' | 'postgres'): ReminderLedger {
  const { batches, isIn } = batchedLists(dialect);
  return {
    async lockSweep() {
      if (dialect === 'postgres') {
        const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${SWEEP_LOCK}) as locked`.execute(db);
        return rows[0]?.locked === true;
      }
      await db.updateTable('reminder').set((eb) => ({ state: eb.ref('state') })).where('id', '=', '').execute();
      return true;
    },
    async expiringApps(until, expiredSince) {
      const rows = await db
        .selectFrom('app')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'approved'), eb('expires_at', '<=', until)]),
            eb.and([eb('status', '=', 'expired'), eb('expires_at', '>=', expiredSince)]),
          ]),
        )
        .execute();
      return rows.map(toApp);
    },
    async expire(appId, expiresAt, at) {
      const result = await db
        .updateTable('app')
        .set({ status: 'expired', updated_at: at })
        .where('id', '=', appId)
        .where('status', '=', 'approved')
        .where('expires_at', '=', expiresAt)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async ownerlessApps(retiredSince) {
      const live = (eb: ExpressionBuilder<Tables, 'app'>) =>
        eb.or([eb('app.status', 'in', ['approved', 'pending_review', 'expired']), eb.and([eb('app.status', '=', 'decommissioned'), eb('app.updated_at', '>=', retiredSince)])]);
      const byRef = await db
        .selectFrom('app')
        .innerJoin('person_ref', 'person_ref.ref', 'app.owner')
        .innerJoin('person', 'person.id', 'person_ref.person_id')
        .selectAll('app')
        .select('person.deactivated_at')
        .where('person.active', '=', 0)
        .where((eb) => live(eb as never))
        .execute();
      const byEmail = await db
        .selectFrom('app')
        .innerJoin('person', (join) => join.on(sql`lower(app.owner)`, '=', sql.ref('person.email')))
        .selectAll('app')
        .select('person.deactivated_at')
        .where('person.active', '=', 0)
        .where((eb) => live(eb as never))
        .execute();
      const found = new Map([...byRef, ...byEmail].map((r) => [r.id, { app: toApp(r), deactivatedAt: r.deactivated_at ?? r.updated_at }]));
      return [...found.values()];
    },
    async retentionApps() {
      const rows = await db.selectFrom('app').select(['id', 'owner', 'created_at', 'retention_days']).where('retention_days', 'is not', null).where('status', 'in', ['approved', 'expired']).execute();
      return rows.map((r) => ({ id: r.id, owner: r.owner, createdAt: r.created_at, retentionDays: r.retention_days ?? undefined }));
    },
    async sandboxApps(dueBy, purgeDays) {
      const since = new Date(Date.parse(dueBy) - purgeDays * 86_400_000).toISOString();
      const rows = await db.selectFrom('app').selectAll().where('sandbox_since', 'is not', null).where('sandbox_since', '<=', since).execute();
      return rows.map(toApp);
    },
    async retireOwnerless(appId, owner, at) {
      const result = await db.updateTable('app').set({ status: 'decommissioned', updated_at: at }).where('id', '=', appId).where('owner', '=', owner).where('status', '!=', 'decommissioned').executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async approversOf(revisionIds) {
      const approvers = new Map<string, string[]>();
      for (const chunk of batches(revisionIds)) {
        const rows = await db
          .selectFrom('approval')
          .innerJoin('review', 'review.id', 'approval.review_id')
          .select(['review.revision_id', 'approval.approver'])
          .where(isIn('review.revision_id', chunk))
          .where('review.status', '=', 'approved')
          .orderBy('approval.created_at')
          .execute();
        for (const r of rows) approvers.set(r.revision_id, [...(approvers.get(r.revision_id) ?? []), r.approver]);
      }
      return approvers;
    },
    async appNames(appIds) {
      const names = new Map<string, string>();
      for (const chunk of batches(appIds)) {
        for (const r of await db.selectFrom('app').select(['id', 'name']).where(isIn('id', chunk)).execute()) names.set(r.id, r.name);
      }
      return names;
    },
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
      const rows = await db.selectFrom('reminder').selectAll().where('state', '=', 'pending').where('send_after', '<=', sendBefore).orderBy('due_at').orderBy('id').execute();
      return rows.map(toReminder);
    },
    async sendsByThread(cycleKeys) {
      const wanted = new Set(cycleKeys);
      const appIds = [...new Set(cycleKeys.map((k) => k.split('|')[0]!))];
      const sends = new Map<string, number>();
      for (const chunk of batches(appIds)) {
        const rows = await db.selectFrom('reminder').select(['app_id', 'obligation', 'cycle', 'recipient', 'sends']).where(isIn('app_id', chunk)).where('sends', '>', 0).execute();
        for (const r of rows) {
          if (!wanted.has(`${r.app_id}|${r.obligation}|${r.cycle}`)) continue;
          const key = threadKey({ appId: r.app_id, obligation: r.obligation as Obligation, cycle: r.cycle, recipient: r.recipient });
          sends.set(key, (sends.get(key) ?? 0) + Number(r.sends));
        }
      }
      return sends;
    },
    async mark(ids, state) {
      for (const chunk of batches(ids)) await db.updateTable('reminder').set({ state }).where(isIn('id', chunk)).execute();
    },
    async markSent(digests, at) {
      const set = sql`state = 'sent', sent_at = ${at}, sends = sends + 1, digest_id = v.digest_id`;
      if (dialect === 'postgres') {
        await sql`update reminder set ${set} from unnest(${[...digests.keys()]}::text[], ${[...digests.values()]}::text[]) as v(id, digest_id) where reminder.id = v.id`.execute(db);
        return;
      }
      for (const chunk of chunks([...digests])) {
        const rows = sql.join(chunk.map(([id, digestId]) => sql`(${id}, ${digestId})`));
        await sql`with v(id, digest_id) as (values ${rows}) update reminder set ${set} from v where reminder.id = v.id`.execute(db);
      }
    },
    async snooze(id, sendAfter) {
      await db.updateTable('reminder').set({ state: 'pending', send_after: sendAfter }).where('id', '=', id).where('state', '=', 'sent').execute();
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
      const rows = await db.selectFrom('reminder').selectAll().where('digest_id', '=', digestId).orderBy('due_at').orderBy('id').execute();
      return rows.map(toReminder);
    },
    async profiles(recipients) {
      const found = new Map<string, RecipientProfile>();
      const emails = recipients.filter(isEmail).map((e) => e.trim().toLowerCase());
      const refs = recipients.filter((r) => !isEmail(r)).map((r) => r.trim());
      const person = (r: { id: string; ref: string | null; time_zone: string | null; working_hours: string | null }): RecipientProfile => ({
        personId: r.id,
        platform: r.ref?.slice(0, r.ref.indexOf(':')) || undefined,
        timeZone: r.time_zone ?? undefined,
        workingHours: r.working_hours ?? undefined,
      });
      for (const chunk of batches(refs)) {
        const rows = await db
          .selectFrom('person_ref')
          .innerJoin('person', 'person.id', 'person_ref.person_id')
          .select(['person_ref.ref', 'person.id', 'person.time_zone', 'person.working_hours'])
          .where(isIn('person_ref.ref', chunk))
          .execute();
        for (const r of rows) found.set(r.ref, person(r));
      }
      for (const chunk of batches(emails)) {
        const rows = await db
          .selectFrom('person')
          .leftJoin('person_ref', 'person_ref.person_id', 'person.id')
          .select(['person.email', 'person.id', 'person_ref.ref', 'person.time_zone', 'person.working_hours'])
          .where(isIn('person.email', chunk))
          .execute();
        for (const r of rows) found.set(r.email!, person(r));
      }
      return new Map(recipients.map((r) => [r, found.get(isEmail(r) ? r.trim().toLowerCase() : r.trim()) ?? {}]));
    },
    async purgeDeliveries(before) {
      const result = await db.deleteFrom('delivery').where('received_at', '<', before).executeTakeFirst();
      return Number(result.numDeletedRows);
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
