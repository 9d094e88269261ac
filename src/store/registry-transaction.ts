import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../domain/errors';
import { actorRef } from '../domain/actor';
import type { AuditEvent } from '../domain/audit';
import { canonicalJson, hashEvent } from '../domain/audit';
import type { RegistryTx } from '../ports/registry';
import { fromApp, nameKey, toApp, toReview, toRevision } from './row-mapping';
import { insertOutboxRows } from './kysely-outbox';
import { isUniqueViolation } from './kysely-people';
import { kyselyReminderLedger } from './kysely-reminder-ledger';
import { kyselyIncidentLog } from './kysely-incident-log';
import { kyselyAppTokens } from './kysely-app-tokens';
import { kyselyAppActivity } from './kysely-app-activity';
import { kyselyPurgeLog } from './kysely-purge-log';
import { kyselyExceptionLog } from './kysely-exception-log';
import type { Tables } from './tables';

/** The registry's transactional reads and writes over one kysely transaction. */
export function registryTransaction(trx: Transaction<Tables> | Kysely<Tables>, dialect: 'sqlite' | 'postgres'): RegistryTx {
  const tx: RegistryTx = {
    async findApp(id) {
      const row = await trx.selectFrom('app').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApp(row);
    },
    async findAppByName(name) {
      const row = await trx.selectFrom('app').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst();
      return row && toApp(row);
    },
    async insertApp(app) {
      try {
        await trx.insertInto('app').values(fromApp(app) as Tables['app']).execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('registration.name_taken', `An app named "${app.name}" is already registered.`, { appName: app.name });
        }
        throw error;
      }
    },
    async updateApp(id, patch) {
      await trx.updateTable('app').set(fromApp(patch)).where('id', '=', id).execute();
    },
    async insertRevision(r) {
      await trx
        .insertInto('revision')
        .values({
          id: r.id,
          app_id: r.appId,
          number: r.number,
          manifest: JSON.stringify(r.manifest),
          assessment: JSON.stringify(r.assessment),
          policy_version: r.assessment.policyVersion,
          submitted_by: r.submittedBy,
          created_at: r.createdAt,
        })
        .execute();
    },
    async findRevision(id) {
      const row = await trx.selectFrom('revision').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRevision(row);
    },
    async insertReview(r) {
      await trx
        .insertInto('review')
        .values({
          id: r.id,
          app_id: r.appId,
          revision_id: r.revisionId,
          status: r.status,
          required_approvals: JSON.stringify(r.requiredApprovals),
          version: r.version,
          decided_by: r.decidedBy ?? null,
          decided_at: r.decidedAt ?? null,
          reason: r.reason ?? null,
          created_at: r.createdAt,
        })
        .execute();
    },
    async openReviews(limit) {
      const rows = await trx.selectFrom('review').selectAll().where('status', '=', 'open').orderBy('created_at').limit(limit).execute();
      const approvals = rows.length ? await trx.selectFrom('approval').selectAll().where('review_id', 'in', rows.map((r) => r.id)).execute() : [];
      return rows.map((r) => toReview(r, approvals.filter((a) => a.review_id === r.id)));
    },
    async findLatestReview(appId) {
      const row = await trx.selectFrom('review').select('id').where('app_id', '=', appId).orderBy('created_at', 'desc').orderBy('id').limit(1).executeTakeFirst();
      return row ? tx.findReview(row.id) : undefined;
    },
    async findReview(id, options) {
      let query = trx.selectFrom('review').selectAll().where('id', '=', id);
      if (options?.lock && dialect === 'postgres') query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (!row) return undefined;
      const approvals = await trx.selectFrom('approval').selectAll().where('review_id', '=', id).orderBy('created_at').execute();
      return toReview(row, approvals);
    },
    async updateReview(id, version, patch) {
      const result = await trx
        .updateTable('review')
        .set({
          version: version + 1,
          ...(patch.status && { status: patch.status }),
          ...(patch.decidedBy && { decided_by: patch.decidedBy }),
          ...(patch.decidedAt && { decided_at: patch.decidedAt }),
          ...(patch.reason && { reason: patch.reason }),
          ...(patch.requiredApprovals && { required_approvals: JSON.stringify(patch.requiredApprovals) }),
        })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async insertApproval(reviewId, a) {
      await trx.insertInto('approval').values({ review_id: reviewId, approver: a.approver, role: a.role, created_at: a.at }).execute();
    },
    async appendAudit(inputs, at) {
      if (inputs.length === 0) return;
      // The no-op update takes the head row's write lock (PostgreSQL), so concurrent writers chain one after another; SQLite's transactions already hold the write lock.
      if (dialect === 'postgres') await trx.updateTable('audit_head').set((eb) => ({ seq: eb.ref('seq') })).where('id', '=', 1).execute();
      const head = await trx.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
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
        return {
          seq: body.seq,
          id: body.id,
          at,
          actor_platform: body.actorPlatform,
          actor_tenant: body.actorTenant,
          actor_user: body.actorUser,
          action: body.action,
          target_type: body.targetType,
          target_id: body.targetId,
          outcome: body.outcome,
          reason: body.reason,
          policy_version: body.policyVersion,
          risk_score: body.riskScore,
          details: body.details,
          prev_hash: body.prevHash,
          hash: prevHash,
        };
      });
      await trx.insertInto('audit_event').values(rows).execute();
      await trx.updateTable('audit_head').set({ seq, hash: prevHash }).where('id', '=', 1).execute();
    },
    enqueue: (messages, at) => insertOutboxRows(trx, messages, at),
    reminders: kyselyReminderLedger(trx, dialect),
    incidents: kyselyIncidentLog(trx),
    tokens: kyselyAppTokens(trx),
    activity: kyselyAppActivity(trx),
    purges: kyselyPurgeLog(trx),
    exceptions: kyselyExceptionLog(trx),
  };
  return tx;
}

