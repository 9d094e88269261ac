import type { Kysely, Selectable, Transaction } from 'kysely';
import type { AppTokenRecord } from '../domain/app-token';
import type { AppTokens } from '../ports/app-tokens';
import type { Tables } from './tables';

/** Heartbeat tokens over kysely, inside the caller's transaction. */
export function kyselyAppTokens(db: Kysely<Tables> | Transaction<Tables>): AppTokens {
  return {
    async insert(t) {
      await db
        .insertInto('app_token')
        .values({
          id: t.id,
          app_id: t.appId,
          token_hash: t.hash,
          created_by: t.createdBy,
          created_at: t.createdAt,
          revoked_at: null,
          revoked_by: null,
          last_used_at: null,
        })
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('app_token').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toToken(row);
    },
    async revokeActive(appId, by, at) {
      const result = await db
        .updateTable('app_token')
        .set({ revoked_at: at, revoked_by: by })
        .where('app_id', '=', appId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async markUsed(id, at) {
      await db.updateTable('app_token').set({ last_used_at: at }).where('id', '=', id).execute();
    },
  };
}

function toToken(r: Selectable<Tables['app_token']>): AppTokenRecord {
  return {
    id: r.id,
    appId: r.app_id,
    hash: r.token_hash,
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at ?? undefined,
    revokedBy: r.revoked_by ?? undefined,
    lastUsedAt: r.last_used_at ?? undefined,
  };
}
