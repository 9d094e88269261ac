import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';

/** Rows per statement: 14 columns × 2,000 rows stays under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
export const CHUNK = 2000;

/** How to match a column against a list of any length on one dialect. */
export interface BatchedLists {
  /** Lists to match against: PostgreSQL takes any length as one array; SQLite in chunks. */
  batches<T>(items: T[]): T[][];
  /** `column` is one of `values` (one batch). */
  isIn(column: string, values: string[]): RawBuilder<boolean>;
}

/** Matching against long lists: one array parameter on PostgreSQL, chunks of `CHUNK` on SQLite. */
export function batchedLists(dialect: 'sqlite' | 'postgres'): BatchedLists {
  return {
    batches: <T>(items: T[]): T[][] => (dialect === 'postgres' ? (items.length ? [items] : []) : [...chunks(items)]),
    isIn: (column, values) =>
      dialect === 'postgres'
        ? sql<boolean>`${sql.ref(column)} = any(${values}::text[])`
        : sql<boolean>`${sql.ref(column)} in (${sql.join(values)})`,
  };
}

/** `items` in slices of `CHUNK`. */
export function* chunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}
