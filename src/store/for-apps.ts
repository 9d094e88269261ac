import type { Kysely, SelectQueryBuilder, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { Tables } from './tables';

type AppQuery<R> = SelectQueryBuilder<Tables, 'app', R>;

/**
 * Runs `query` (over `app`; select with `selectAll('app')` or `app.` columns) for every app, or
 * only for those `among`. Then the ids drive it, each app found by its key, so a handful of apps
 * never costs a walk through an index over all of them (SQLite, without statistics, would pick one).
 */
export async function forApps<R>(
  db: Kysely<Tables> | Transaction<Tables>,
  dialect: 'sqlite' | 'postgres',
  among: readonly string[] | undefined,
  query: (from: AppQuery<object>) => AppQuery<R>,
): Promise<R[]> {
  if (!among) return query(db.selectFrom('app')).execute();
  if (among.length === 0) return [];
  const ids = [...among];
  const list =
    dialect === 'postgres'
      ? sql<{ id: string }>`(select unnest(${ids}::text[]) as id)`
      : sql<{ id: string }>`(select value as id from json_each(${JSON.stringify(ids)}))`;
  const from = db.selectFrom(list.as('among')).crossJoin('app').whereRef('app.id', '=', 'among.id');
  return query(from as unknown as AppQuery<object>).execute();
}
