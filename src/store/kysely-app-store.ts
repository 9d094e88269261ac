import type { Kysely, Transaction } from 'kysely';
import { AppError } from '../domain/errors';
import type { AppStore } from '../ports/app-store';
import { isUniqueViolation } from './kysely-people';
import { fromApp, nameKey, toApp } from './row-mapping';
import type { Tables } from './tables';

/** App rows over kysely, inside the caller's transaction. */
export function kyselyAppStore(db: Transaction<Tables> | Kysely<Tables>): AppStore {
  return {
    async find(id) {
      const row = await db.selectFrom('app').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toApp(row);
    },
    async findByName(name) {
      const row = await db.selectFrom('app').selectAll().where('name_key', '=', nameKey(name)).executeTakeFirst();
      return row && toApp(row);
    },
    async insert(app) {
      try {
        await db.insertInto('app').values(fromApp(app) as Tables['app']).execute();
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw new AppError('registration.name_taken', `An app named "${app.name}" is already registered.`, { appName: app.name });
        }
        throw error;
      }
    },
    async update(id, patch) {
      await db.updateTable('app').set(fromApp(patch)).where('id', '=', id).execute();
    },
  };
}
