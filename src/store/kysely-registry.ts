import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { MessageRef } from '../ports/messenger';
import type { Registry } from '../ports/registry';
import type { DatabaseTarget } from './database-target';
import { databaseError } from './database-error';
import { migrateToLatest } from './migrate';
import { openDatabase } from './open-database';
import { kyselyOutbox } from './kysely-outbox';
import { kyselyPeople } from './kysely-people';
import { kyselyAddressBook } from './kysely-address-book';
import { registryTransaction } from './registry-transaction';
import { nameKey, toApp, toAuditEvent } from './row-mapping';
import type { Tables } from './tables';
import type { WritePath } from './write-path';
import { writePath } from './write-path';

/** Opens the database, runs pending migrations and returns the registry over it. */
export async function createKyselyRegistry(target: DatabaseTarget): Promise<Registry> {
  let db: Kysely<Tables>;
  try {
    db = openDatabase(target);
  } catch (error) {
    throw databaseError(error, target);
  }
  try {
    await migrateToLatest(db);
    return kyselyRegistry(db, target.kind, await writePath(db, target));
  } catch (error) {
    await db.destroy().catch(() => undefined);
    throw databaseError(error, target);
  }
}

/** The registry over an open, migrated database, writing through `writes`. */
export function kyselyRegistry(db: Kysely<Tables>, dialect: Registry['dialect'], writes: WritePath): Registry {
  return {
    dialect,
    transaction: (work) => writes.transaction((trx) => work(registryTransaction(trx, dialect))),
    async findApp(idOrName) {
      const row = await db
        .selectFrom('app')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name_key', '=', nameKey(idOrName))]))
        .executeTakeFirst();
      return row && toApp(row);
    },
    read: (work) => work(registryTransaction(db, dialect)),
    async listApps({ status, owners, search, limit, after }) {
      let query = db.selectFrom('app').selectAll().orderBy('name_key').limit(limit + 1);
      if (status) query = query.where('status', '=', status);
      if (owners) query = query.where('owner', 'in', owners.length > 0 ? owners : ['']);
      if (after) query = query.where('name_key', '>', after);
      if (search) {
        const pattern = `%${nameKey(search).replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        query = query.where(sql<boolean>`name_key like ${pattern} escape '\\'`);
      }
      const rows = await query.execute();
      const apps = rows.slice(0, limit).map(toApp);
      return { apps, next: rows.length > limit ? rows[limit - 1]!.name_key : undefined };
    },
    async auditEvents(afterSeq, limit) {
      const rows = await db.selectFrom('audit_event').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
      return rows.map(toAuditEvent);
    },
    async auditHead() {
      const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
      return head && { seq: Number(head.seq), hash: head.hash };
    },
    async countApps() {
      const rows = await db.selectFrom('app').select((eb) => ['status', 'tier', eb.fn.countAll<string | number>().as('n')]).groupBy(['status', 'tier']).execute();
      return rows.map((r) => ({ status: r.status, tier: Number(r.tier), count: Number(r.n) }));
    },
    async saveCardCopy(reviewId, copyId, ref, at) {
      await writes.write((w) =>
        w
          .insertInto('card_copy')
          .values({ id: copyId, review_id: reviewId, platform: ref.platform, address: ref.address, message_id: ref.id, posted_at: at })
          .onConflict((oc) => oc.column('id').doUpdateSet({ address: ref.address, message_id: ref.id, posted_at: at }))
          .execute(),
      );
    },
    async cardCopies(reviewId) {
      const rows = await db.selectFrom('card_copy').selectAll().where('review_id', '=', reviewId).orderBy('posted_at').execute();
      return rows.map((r) => ({ platform: r.platform as MessageRef['platform'], address: r.address, id: r.message_id }));
    },
    outbox: kyselyOutbox(db, dialect, writes),
    people: kyselyPeople(db, writes),
    addresses: kyselyAddressBook(db, writes),
    async claimDelivery(key, at) {
      const result = await writes.write((w) => w.insertInto('delivery').values({ key, received_at: at }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst());
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
      await writes.close();
    },
  };
}
