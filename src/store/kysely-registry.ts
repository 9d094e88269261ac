import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Registry } from '../ports/registry';
import type { DatabaseTarget } from './database-target';
import { databaseError } from './database-error';
import { migrateToLatest } from './migrate';
import { openDatabase } from './open-database';
import { kyselyOutbox } from './kysely-outbox';
import { kyselyPeople } from './kysely-people';
import { kyselyAddressBook } from './kysely-address-book';
import { kyselyAppCatalog } from './kysely-app-catalog';
import { kyselyAuditCheckpoints } from './kysely-audit-checkpoints';
import { kyselyAuditLog } from './kysely-audit-log';
import { kyselyCardCopies } from './kysely-card-copies';
import { kyselyInboundDeliveries } from './kysely-inbound-deliveries';
import { kyselyRoleGroups } from './kysely-role-groups';
import { kyselyPostureReads } from './kysely-posture-reads';
import { kyselySiemStore } from './kysely-siem-store';
import { registryTransaction } from './registry-transaction';
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
    read: (work) => work(registryTransaction(db, dialect)),
    apps: kyselyAppCatalog(db),
    audit: kyselyAuditLog(db, dialect),
    checkpoints: kyselyAuditCheckpoints(db, writes),
    cards: kyselyCardCopies(db, writes),
    outbox: kyselyOutbox(db, dialect, writes),
    people: kyselyPeople(db, dialect, writes),
    addresses: kyselyAddressBook(db, writes),
    inbound: kyselyInboundDeliveries(writes.write),
    roleGroups: kyselyRoleGroups(db, writes),
    posture: kyselyPostureReads(db),
    siem: kyselySiemStore(db, writes),
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
      await writes.close();
    },
  };
}
