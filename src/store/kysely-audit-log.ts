import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { actorRef } from '../domain/actor';
import type { AuditEvent } from '../domain/audit';
import { canonicalJson, hashEvent } from '../domain/audit';
import type { AuditLog } from '../ports/audit-log';
import { fromAuditEvent, toAuditEvent } from './row-mapping';
import type { Tables } from './tables';

/** The audit chain over kysely: appends in the caller's transaction, reads wherever `db` is. */
export function kyselyAuditLog(db: Transaction<Tables> | Kysely<Tables>, dialect: 'sqlite' | 'postgres'): AuditLog {
  return {
    async append(inputs, at) {
      if (inputs.length === 0) return;
      // The no-op update takes the head row's write lock (PostgreSQL), so concurrent writers chain one after another; SQLite's transactions already hold the write lock.
      if (dialect === 'postgres')
        await db
          .updateTable('audit_head')
          .set((eb) => ({ seq: eb.ref('seq') }))
          .where('id', '=', 1)
          .execute();
      const head = await db
        .selectFrom('audit_head')
        .select(['seq', 'hash'])
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      let seq = Number(head.seq);
      let prevHash = head.hash;
      const rows = inputs.map((input) => {
        const body: Omit<AuditEvent, 'hash'> = {
          seq: ++seq,
          id: randomUUID(),
          at,
          actorPlatform: input.actor.platform,
          actorTenant: input.actor.tenant ?? null,
          actorUser: actorRef(input.actor),
          action: input.action,
          targetType: input.targetType,
          targetId: input.targetId,
          outcome: input.outcome,
          reason: input.reason ?? null,
          policyVersion: input.policyVersion ?? null,
          riskScore: input.riskScore ?? null,
          details: canonicalJson(input.details ?? {}),
          prevHash,
        };
        prevHash = hashEvent(body);
        return fromAuditEvent({ ...body, at, hash: prevHash });
      });
      await db.insertInto('audit_event').values(rows).execute();
      await db.updateTable('audit_head').set({ seq, hash: prevHash }).where('id', '=', 1).execute();
    },
    async events(afterSeq, limit) {
      const rows = await db
        .selectFrom('audit_event')
        .selectAll()
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toAuditEvent);
    },
    async eventsOfApp(appId, afterSeq, limit) {
      const rows = await db
        .selectFrom('audit_event')
        .selectAll()
        .where((eb) =>
          eb.or([
            eb('target_id', '=', appId),
            eb('target_id', 'in', eb.selectFrom('review').select('id').where('app_id', '=', appId)),
          ]),
        )
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map(toAuditEvent);
    },
    async hashes(afterSeq, limit) {
      const rows = await db
        .selectFrom('audit_event')
        .select(['seq', 'hash'])
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ seq: Number(r.seq), hash: r.hash }));
    },
    async event(ref) {
      const row = await db
        .selectFrom('audit_event')
        .selectAll()
        .where(typeof ref === 'number' ? 'seq' : 'id', '=', ref)
        .executeTakeFirst();
      return row && toAuditEvent(row);
    },
    async head() {
      const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
      return head && { seq: Number(head.seq), hash: head.hash };
    },
  };
}
