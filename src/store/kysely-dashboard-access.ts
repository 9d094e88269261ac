import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DashboardAccess, SignInLinkRecord } from '../ports/dashboard-access';
import type { Tables } from './tables';

/** Dashboard sign-in links and sessions over kysely, inside the caller's transaction. */
export function kyselyDashboardAccess(db: Kysely<Tables> | Transaction<Tables>): DashboardAccess {
  return {
    async insertLink(l) {
      await db
        .insertInto('sign_in_link')
        .values({
          token_hash: l.tokenHash,
          email: l.email,
          created_by: l.createdBy,
          created_at: l.createdAt,
          expires_at: l.expiresAt,
          used_at: null,
        })
        .execute();
    },
    async findLink(tokenHash) {
      const row = await db
        .selectFrom('sign_in_link')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row && toLink(row);
    },
    async useLink(tokenHash, at) {
      const row = await db
        .updateTable('sign_in_link')
        .set({ used_at: at })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', at)
        .returning('email')
        .executeTakeFirst();
      return row?.email;
    },
    async insertSession(s) {
      await db
        .insertInto('dashboard_session')
        .values({ id_hash: s.idHash, email: s.email, created_at: s.createdAt, expires_at: s.expiresAt })
        .execute();
    },
    async findSession(idHash, at) {
      const row = await db
        .selectFrom('dashboard_session')
        .selectAll()
        .where('id_hash', '=', idHash)
        .where('expires_at', '>', at)
        .executeTakeFirst();
      return row && { idHash: row.id_hash, email: row.email, createdAt: row.created_at, expiresAt: row.expires_at };
    },
    async deleteSession(idHash) {
      const result = await db.deleteFrom('dashboard_session').where('id_hash', '=', idHash).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async purgeExpired(before) {
      const links = await db.deleteFrom('sign_in_link').where('expires_at', '<', before).executeTakeFirst();
      const sessions = await db.deleteFrom('dashboard_session').where('expires_at', '<', before).executeTakeFirst();
      return Number(links.numDeletedRows) + Number(sessions.numDeletedRows);
    },
  };
}

function toLink(r: Selectable<Tables['sign_in_link']>): SignInLinkRecord {
  return {
    tokenHash: r.token_hash,
    email: r.email,
    createdBy: r.created_by,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    usedAt: r.used_at ?? undefined,
  };
}
