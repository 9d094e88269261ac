import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ApiScope, ApiTokenRecord } from '../domain/api-token';
import type { ApiTokens } from '../ports/api-tokens';
import type { Tables } from './tables';

/** API tokens, kept responses and spent CI token ids over kysely, inside the caller's transaction. */
export function kyselyApiTokens(db: Kysely<Tables> | Transaction<Tables>): ApiTokens {
  return {
    async insert(t) {
      await db
        .insertInto('api_token')
        .values({
          id: t.id,
          name: t.name,
          token_hash: t.hash,
          scopes: t.scopes.join(','),
          created_by: t.createdBy,
          created_at: t.createdAt,
          revoked_at: null,
          revoked_by: null,
          last_used_at: null,
        })
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('api_token').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toToken(row);
    },
    async list() {
      const rows = await db.selectFrom('api_token').selectAll().orderBy('created_at', 'desc').execute();
      return rows.map(toToken);
    },
    async revoke(idOrName, by, at) {
      const result = await db
        .updateTable('api_token')
        .set({ revoked_at: at, revoked_by: by })
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async markUsed(id, at) {
      await db.updateTable('api_token').set({ last_used_at: at }).where('id', '=', id).execute();
    },
    async keptResponse(key, principal) {
      const row = await db
        .selectFrom('api_idempotency')
        .selectAll()
        .where('key', '=', key)
        .where('principal', '=', principal)
        .executeTakeFirst();
      return (
        row && {
          key: row.key,
          principal: row.principal,
          requestHash: row.request_hash,
          status: row.status,
          body: row.body,
          createdAt: row.created_at,
        }
      );
    },
    async reserve(key, principal, requestHash, at) {
      const result = await db
        .insertInto('api_idempotency')
        .values({ key, principal, request_hash: requestHash, status: 0, body: '', created_at: at })
        .onConflict((oc) => oc.columns(['key', 'principal']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async complete(key, principal, status, body) {
      await db
        .updateTable('api_idempotency')
        .set({ status, body })
        .where('key', '=', key)
        .where('principal', '=', principal)
        .execute();
    },
    async release(key, principal) {
      await db.deleteFrom('api_idempotency').where('key', '=', key).where('principal', '=', principal).execute();
    },
    async spendTokenId(jti, expiresAt) {
      const result = await db
        .insertInto('ci_token_use')
        .values({ jti, expires_at: expiresAt })
        .onConflict((oc) => oc.column('jti').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async purge(before) {
      await db.deleteFrom('api_idempotency').where('created_at', '<', before).execute();
      await db.deleteFrom('ci_token_use').where('expires_at', '<', before).execute();
    },
  };
}

function toToken(r: Selectable<Tables['api_token']>): ApiTokenRecord {
  return {
    id: r.id,
    name: r.name,
    hash: r.token_hash,
    scopes: r.scopes.split(',').filter(Boolean) as ApiScope[],
    createdBy: r.created_by,
    createdAt: r.created_at,
    revokedAt: r.revoked_at ?? undefined,
    revokedBy: r.revoked_by ?? undefined,
    lastUsedAt: r.last_used_at ?? undefined,
  };
}
