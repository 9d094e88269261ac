import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import { isEmail } from '../domain/actor';
import type { Person, PeopleStore, RecipientProfile } from '../ports/people';
import { batchedLists } from './batched-lists';
import type { Tables } from './tables';
import type { WritePath } from './write-path';

type Db = Kysely<Tables> | Transaction<Tables>;

/** The people directory over kysely: `person` holds one record per person, `person_ref` their refs on each platform. */
export function kyselyPeople(db: Kysely<Tables>, dialect: 'sqlite' | 'postgres', writes: WritePath): PeopleStore {
  const remember: PeopleStore['remember'] = (facts, at) =>
    writes.transaction(async (trx) => {
      const email = facts.email?.trim().toLowerCase() || undefined;
      const byRef = await trx
        .selectFrom('person_ref')
        .select('person_id')
        .where('ref', '=', facts.ref)
        .executeTakeFirst();
      const byEmail = email
        ? await trx.selectFrom('person').select('id').where('email', '=', email).executeTakeFirst()
        : undefined;
      const id = byEmail?.id ?? byRef?.person_id ?? randomUUID();
      const fields = {
        ...(email && { email }),
        ...(facts.displayName && { display_name: facts.displayName }),
        ...(facts.timeZone && { time_zone: facts.timeZone }),
        ...(facts.seenAt && { last_seen_at: facts.seenAt }),
        active: facts.active ? 1 : 0,
        refreshed_at: at,
      };
      if (byRef && byRef.person_id !== id) await fold(trx, byRef.person_id, id);
      if (byEmail || byRef) {
        await trx
          .updateTable('person')
          .set((eb) => ({
            ...fields,
            deactivated_at: facts.active ? null : eb.fn.coalesce('deactivated_at', eb.val(at)),
          }))
          .where('id', '=', id)
          .execute();
      } else {
        await trx
          .insertInto('person')
          .values({ id, ...fields, deactivated_at: facts.active ? null : at })
          .execute();
      }
      if (!byRef) await trx.insertInto('person_ref').values({ ref: facts.ref, person_id: id }).execute();
      return (await load(trx, id))!;
    });
  const find: PeopleStore['find'] = async (refOrEmail) => {
    const key = refOrEmail.trim();
    const row = isEmail(key)
      ? await db.selectFrom('person').select('id').where('email', '=', key.toLowerCase()).executeTakeFirst()
      : await db.selectFrom('person_ref').select('person_id as id').where('ref', '=', key).executeTakeFirst();
    return row ? load(db, row.id) : undefined;
  };
  const { batches, isIn } = batchedLists(dialect);
  const loadMany = async (ids: string[]): Promise<Map<string, Person>> => {
    const people = new Map<string, Person>();
    for (const chunk of batches([...new Set(ids)])) {
      const rows = await db.selectFrom('person').selectAll().where(isIn('id', chunk)).execute();
      const refs = await db
        .selectFrom('person_ref')
        .select(['person_id', 'ref'])
        .where(isIn('person_id', chunk))
        .orderBy('ref')
        .execute();
      const refsOf = new Map<string, string[]>();
      for (const x of refs) refsOf.set(x.person_id, [...(refsOf.get(x.person_id) ?? []), x.ref]);
      for (const r of rows) people.set(r.id, toPerson(r, refsOf.get(r.id) ?? []));
    }
    return people;
  };
  return {
    find,
    async findMany(refsOrEmails) {
      const keys = [...new Set(refsOrEmails.map((k) => k.trim()).filter(Boolean))];
      const idOf = new Map<string, string>();
      const emails = keys.filter(isEmail).map((e) => e.toLowerCase());
      for (const chunk of batches(keys.filter((k) => !isEmail(k)))) {
        const rows = await db.selectFrom('person_ref').select(['ref', 'person_id']).where(isIn('ref', chunk)).execute();
        for (const r of rows) idOf.set(r.ref, r.person_id);
      }
      for (const chunk of batches([...new Set(emails)])) {
        const rows = await db.selectFrom('person').select(['email', 'id']).where(isIn('email', chunk)).execute();
        for (const r of rows) idOf.set(r.email!, r.id);
      }
      const people = await loadMany([...idOf.values()]);
      const found = new Map<string, Person>();
      for (const key of keys) {
        const id = idOf.get(isEmail(key) ? key.toLowerCase() : key);
        const person = id && people.get(id);
        if (person) found.set(key, person);
      }
      return found;
    },
    async named(name) {
      const rows = await db
        .selectFrom('person')
        .select('id')
        .where(sql<boolean>`lower(display_name) = ${name.trim().toLowerCase()}`)
        .limit(50)
        .execute();
      return [...(await loadMany(rows.map((r) => r.id))).values()];
    },
    ...kyselyRecipientProfiles(db, dialect),
    async deactivate(refOrEmail, at) {
      const known = await find(refOrEmail);
      if (!known && !isEmail(refOrEmail)) return undefined;
      const id = known?.id ?? randomUUID();
      await writes.transaction(async (trx) => {
        if (known)
          await trx
            .updateTable('person')
            .set((eb) => ({ active: 0, deactivated_at: eb.fn.coalesce('deactivated_at', eb.val(at)) }))
            .where('id', '=', id)
            .execute();
        else
          await trx
            .insertInto('person')
            .values({ id, email: refOrEmail.trim().toLowerCase(), active: 0, refreshed_at: at, deactivated_at: at })
            .execute();
      });
      return load(db, id);
    },
    async remember(facts, at) {
      try {
        return await remember(facts, at);
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        return remember(facts, at);
      }
    },
  };
}

/** Recipients' profiles over kysely, read wherever `db` is (the caller's transaction, or outside one). */
export function kyselyRecipientProfiles(db: Db, dialect: 'sqlite' | 'postgres'): Pick<PeopleStore, 'profiles'> {
  const { batches, isIn } = batchedLists(dialect);
  return {
    async profiles(recipients) {
      const found = new Map<string, RecipientProfile>();
      const emails = recipients.filter(isEmail).map((e) => e.trim().toLowerCase());
      const refs = recipients.filter((r) => !isEmail(r)).map((r) => r.trim());
      const person = (r: {
        id: string;
        ref: string | null;
        time_zone: string | null;
        working_hours: string | null;
      }): RecipientProfile => ({
        personId: r.id,
        platform: r.ref?.slice(0, r.ref.indexOf(':')) || undefined,
        timeZone: r.time_zone ?? undefined,
        workingHours: r.working_hours ?? undefined,
      });
      for (const chunk of batches(refs)) {
        const rows = await db
          .selectFrom('person_ref')
          .innerJoin('person', 'person.id', 'person_ref.person_id')
          .select(['person_ref.ref', 'person.id', 'person.time_zone', 'person.working_hours'])
          .where(isIn('person_ref.ref', chunk))
          .execute();
        for (const r of rows) found.set(r.ref, person(r));
      }
      for (const chunk of batches(emails)) {
        const rows = await db
          .selectFrom('person')
          .leftJoin('person_ref', 'person_ref.person_id', 'person.id')
          .select(['person.email', 'person.id', 'person_ref.ref', 'person.time_zone', 'person.working_hours'])
          .where(isIn('person.email', chunk))
          .execute();
        for (const r of rows) found.set(r.email!, person(r));
      }
      return new Map(recipients.map((r) => [r, found.get(isEmail(r) ? r.trim().toLowerCase() : r.trim()) ?? {}]));
    },
  };
}

/** Two records turned out to be one person: moves every ref of `fromId` to `intoId`, fills its gaps, and drops `fromId`. */
async function fold(trx: Transaction<Tables>, fromId: string, intoId: string): Promise<void> {
  const from = await trx.selectFrom('person').selectAll().where('id', '=', fromId).executeTakeFirstOrThrow();
  await trx.updateTable('person_ref').set({ person_id: intoId }).where('person_id', '=', fromId).execute();
  await trx
    .updateTable('person')
    .set((eb) => ({
      display_name: eb.fn.coalesce('display_name', eb.val(from.display_name)),
      time_zone: eb.fn.coalesce('time_zone', eb.val(from.time_zone)),
      working_hours: eb.fn.coalesce('working_hours', eb.val(from.working_hours)),
      last_seen_at: eb.fn.coalesce('last_seen_at', eb.val(from.last_seen_at)),
    }))
    .where('id', '=', intoId)
    .execute();
  await trx.deleteFrom('person').where('id', '=', fromId).execute();
}

async function load(db: Db, id: string): Promise<Person | undefined> {
  const row = await db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const refs = await db.selectFrom('person_ref').select('ref').where('person_id', '=', id).orderBy('ref').execute();
  return toPerson(
    row,
    refs.map((r) => r.ref),
  );
}

function toPerson(r: Selectable<Tables['person']>, refs: string[]): Person {
  return {
    id: r.id,
    refs,
    email: r.email ?? undefined,
    displayName: r.display_name ?? undefined,
    timeZone: r.time_zone ?? undefined,
    workingHours: r.working_hours ?? undefined,
    active: r.active === 1,
    lastSeenAt: r.last_seen_at ?? undefined,
    refreshedAt: r.refreshed_at,
    deactivatedAt: r.deactivated_at ?? undefined,
  };
}

/** A unique-key violation on either database (a concurrent writer got there first). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
