import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { AppCatalog } from '../ports/app-catalog';
import { nameKey, toApp } from './row-mapping';
import type { Tables } from './tables';

/** The registry's app reads over kysely, outside any transaction. */
export function kyselyAppCatalog(db: Kysely<Tables>): AppCatalog {
  return {
    async find(idOrName) {
      const row = await db
        .selectFrom('app')
        .selectAll()
        .where((eb) => eb.or([eb('id', '=', idOrName), eb('name_key', '=', nameKey(idOrName))]))
        .executeTakeFirst();
      return row && toApp(row);
    },
    async list({ status, owners, search, limit, after }) {
      let query = db
        .selectFrom('app')
        .selectAll()
        .orderBy('name_key')
        .limit(limit + 1);
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
    async withIdPrefix(prefix, limit) {
      const pattern = `${prefix.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      const rows = await db
        .selectFrom('app')
        .selectAll()
        .where(sql<boolean>`id like ${pattern} escape '\\'`)
        .orderBy('name_key')
        .limit(limit)
        .execute();
      return rows.map(toApp);
    },
    async namePage(after, limit, statuses) {
      let query = db
        .selectFrom('app')
        .select(['name', 'name_key'])
        .orderBy('name_key')
        .limit(limit + 1);
      if (after) query = query.where('name_key', '>', after);
      if (statuses) query = query.where('status', 'in', statuses);
      const rows = await query.execute();
      return {
        names: rows.slice(0, limit).map((r) => r.name),
        next: rows.length > limit ? rows[limit - 1]!.name_key : undefined,
      };
    },
    async counts() {
      const rows = await db
        .selectFrom('app')
        .select((eb) => ['status', 'tier', eb.fn.countAll<string | number>().as('n')])
        .groupBy(['status', 'tier'])
        .execute();
      return rows.map((r) => ({ status: r.status, tier: Number(r.tier), count: Number(r.n) }));
    },
  };
}
