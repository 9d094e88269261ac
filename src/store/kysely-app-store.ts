import type { ExpressionBuilder, Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import { AppError } from '../domain/errors';
import type { AppStore } from '../ports/app-store';
import { forApps } from './for-apps';
import { batchedLists } from './batched-lists';
import { isUniqueViolation } from './kysely-people';
import { fromApp, nameKey, toApp } from './row-mapping';
import type { Tables } from './tables';

/** App rows over kysely, inside the caller's transaction. */
export function kyselyAppStore(db: Transaction<Tables> | Kysely<Tables>, dialect: 'sqlite' | 'postgres'): AppStore {
  const { batches, isIn } = batchedLists(dialect);
  return {
    async find(id) {
      const row = await db.selectFrom('app').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApp(row);
    },
    async findMany(ids) {
      const rows = await forApps(db, dialect, ids, (apps) => apps.selectAll('app'));
      return new Map(rows.map((r) => [r.id, toApp(r)]));
    },
    async findByName(name) {
      const row = await db.selectFrom('app').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst();
      return row && toApp(row);
    },
    async insert(app) {
      try {
        await db
          .insertInto('app')
          .values(fromApp(app) as Tables['app'])
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('registration.name_taken', `An app named "${app.name}" is already registered.`, {
            appName: app.name,
          });
        }
        throw error;
      }
    },
    async update(id, patch) {
      await db.updateTable('app').set(fromApp(patch)).where('id', '=', id).execute();
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
    async retireOwnerless(appId, owner, at) {
      const result = await db
        .updateTable('app')
        .set({ status: 'decommissioned', updated_at: at })
        .where('id', '=', appId)
        .where('owner', '=', owner)
        .where('status', '!=', 'decommissioned')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async expiring(until, expiredSince, among) {
      const rows = await forApps(db, dialect, among, (apps) =>
        apps
          .selectAll('app')
          .where((eb) =>
            eb.or([
              eb.and([eb('app.status', '=', 'approved'), eb('app.expires_at', '<=', until)]),
              eb.and([eb('app.status', '=', 'expired'), eb('app.expires_at', '>=', expiredSince)]),
            ]),
          ),
      );
      return rows.map(toApp);
    },
    async ownerless(retiredSince) {
      const live = (eb: ExpressionBuilder<Tables, 'app'>) =>
        eb.or([
          eb('app.status', 'in', ['approved', 'pending_review', 'expired']),
          eb.and([eb('app.status', '=', 'decommissioned'), eb('app.updated_at', '>=', retiredSince)]),
        ]);
      const byRef = await db
        .selectFrom('app')
        .innerJoin('person_ref', 'person_ref.ref', 'app.owner')
        .innerJoin('person', 'person.id', 'person_ref.person_id')
        .selectAll('app')
        .select('person.deactivated_at')
        .where('person.active', '=', 0)
        .where((eb) => live(eb as never))
        .execute();
      // From the people who left to their apps: SQLite would otherwise walk every app for an email.
      const byEmail = await db
        .selectFrom('person')
        .crossJoin('app')
        .whereRef(sql`lower(app.owner)`, '=', 'person.email')
        .selectAll('app')
        .select('person.deactivated_at')
        .where('person.active', '=', 0)
        .where((eb) => live(eb as never))
        .execute();
      const found = new Map(
        [...byRef, ...byEmail].map((r) => [r.id, { app: toApp(r), deactivatedAt: r.deactivated_at ?? r.updated_at }]),
      );
      return [...found.values()];
    },
    async withRetention(among) {
      const rows = await forApps(db, dialect, among, (apps) =>
        apps
          .select(['app.id', 'app.owner', 'app.created_at', 'app.retention_days'])
          .where('app.retention_days', 'is not', null)
          .where('app.status', 'in', ['approved', 'expired']),
      );
      return rows.map((r) => ({
        id: r.id,
        owner: r.owner,
        createdAt: r.created_at,
        retentionDays: r.retention_days ?? undefined,
      }));
    },
    async withSandboxData(dueBy, purgeDays) {
      const since = new Date(Date.parse(dueBy) - purgeDays * 86_400_000).toISOString();
      const rows = await db
        .selectFrom('app')
        .selectAll()
        .where('sandbox_since', 'is not', null)
        .where('sandbox_since', '<=', since)
        .execute();
      return rows.map(toApp);
    },
    async names(appIds) {
      const names = new Map<string, string>();
      for (const chunk of batches(appIds)) {
        for (const r of await db.selectFrom('app').select(['id', 'name']).where(isIn('id', chunk)).execute())
          names.set(r.id, r.name);
      }
      return names;
    },
  };
}
