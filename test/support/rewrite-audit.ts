import type { Kysely } from 'kysely';
import { hashEvent } from '../../src/domain/audit';
import type { Tables } from '../../src/store/tables';

/** Rewrites event `seq` and recomputes every later hash and the head, as someone with write access to the database could. */
export async function rewrite(raw: Kysely<Tables>, seq: number): Promise<void> {
  const rows = await raw.selectFrom('audit_event').selectAll().orderBy('seq').execute();
  let prev = rows[seq - 2]?.hash ?? '0'.repeat(64);
  for (const r of rows.filter((r) => Number(r.seq) >= seq)) {
    const details = Number(r.seq) === seq ? JSON.stringify({ n: 999 }) : r.details;
    const hash = hashEvent({
      seq: Number(r.seq),
      id: r.id,
      at: r.at,
      actorPlatform: r.actor_platform,
      actorTenant: r.actor_tenant,
      actorUser: r.actor_user,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      outcome: r.outcome,
      reason: r.reason,
      policyVersion: r.policy_version,
      riskScore: r.risk_score,
      details,
      prevHash: prev,
    });
    await raw.updateTable('audit_event').set({ details, prev_hash: prev, hash }).where('seq', '=', r.seq).execute();
    prev = hash;
  }
  await raw.updateTable('audit_head').set({ hash: prev }).where('id', '=', 1).execute();
}
