import type { Kysely } from 'kysely';
import type { AddressBook } from '../ports/address-book';
import { chunks } from './batched-lists';
import type { Tables } from './tables';
import type { WritePath } from './write-path';

/** The address book over kysely: one `platform_address` row per (platform, key). */
export function kyselyAddressBook(db: Kysely<Tables>, writes: WritePath): AddressBook {
  const toStored = (r: Tables['platform_address']) => ({ key: r.key, address: r.address, updatedAt: r.updated_at });
  return {
    async get(platform, key) {
      const row = await db
        .selectFrom('platform_address')
        .selectAll()
        .where('platform', '=', platform)
        .where('key', '=', key)
        .executeTakeFirst();
      return row && toStored(row);
    },
    async getMany(platform, keys) {
      const found = new Map<string, ReturnType<typeof toStored>>();
      const unique = [...new Set(keys)];
      for (const slice of chunks(unique)) {
        const rows = await db
          .selectFrom('platform_address')
          .selectAll()
          .where('platform', '=', platform)
          .where('key', 'in', slice)
          .execute();
        for (const row of rows) found.set(row.key, toStored(row));
      }
      return found;
    },
    async put(platform, key, address, at) {
      await writes.write((w) =>
        w
          .insertInto('platform_address')
          .values({ platform, key, address, updated_at: at })
          .onConflict((oc) => oc.columns(['platform', 'key']).doUpdateSet({ address, updated_at: at }))
          .execute(),
      );
    },
    async list(platform, prefix) {
      const rows = await db
        .selectFrom('platform_address')
        .selectAll()
        .where('platform', '=', platform)
        .where('key', '>=', prefix)
        .where('key', '<', `${prefix}\uffff`)
        .orderBy('key')
        .execute();
      return rows.map(toStored);
    },
  };
}
