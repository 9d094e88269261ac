import type { Kysely, RawBuilder, Selectable, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { ClaimState, DiscoveredItem, DiscoveryState } from '../domain/discovered-item';
import { REGISTERED_APP_STATUSES, effectiveState, itemRef, itemWeight } from '../domain/discovered-item';
import type { DiscoveredItems, ScanProgress } from '../ports/discovered-items';
import type { DiscoveredKind, DiscoveredPerson } from '../ports/discovery-source';
import type { Tables } from './tables';

/** Rows per insert: well inside SQLite's and PostgreSQL's limits on bound values. */
const CHUNK = 500;

const REGISTERED = sql.join(REGISTERED_APP_STATUSES.map((s) => sql.lit(s)));

/** The registered app whose latest revision lists the item's ref (the first to list it). */
const MATCHED_APP = sql<
  string | null
>`(select r.app_id from app_external_ref r inner join app a on a.id = r.app_id where r.ref = discovered_item.ref and a.status in (${REGISTERED}) order by r.listed_at, r.app_id limit 1)`;

const stateAt = (now: string): RawBuilder<DiscoveryState> =>
  sql<DiscoveryState>`case when discovered_item.gone_at is not null then 'gone' when discovered_item.ignored_until > ${now} then 'ignored' when exists (select 1 from app_external_ref r inner join app a on a.id = r.app_id where r.ref = discovered_item.ref and a.status in (${REGISTERED})) then 'registered' else discovered_item.claim end`;

/** Not gone, no ignore in force at `now`, and no registered app lists it: still open to a question or an admin. */
const openAt = (now: string): RawBuilder<boolean> =>
  sql<boolean>`(discovered_item.gone_at is null and (discovered_item.ignored_until is null or discovered_item.ignored_until <= ${now}) and not exists (select 1 from app_external_ref r inner join app a on a.id = r.app_id where r.ref = discovered_item.ref and a.status in (${REGISTERED})))`;

/** Discovered items and scan progress over kysely, inside the caller's transaction. */
export function kyselyDiscoveredItems(db: Kysely<Tables> | Transaction<Tables>): DiscoveredItems {
  const items = () => db.selectFrom('discovered_item').selectAll('discovered_item').select(MATCHED_APP.as('matched'));
  return {
    async upsert(source, scanId, facts, at) {
      let added = 0;
      for (let i = 0; i < facts.length; i += CHUNK) {
        const rows = facts.slice(i, i + CHUNK).map((f) => ({
          ref: itemRef(source, f.externalId),
          source,
          external_id: f.externalId,
          name: f.name,
          kind: f.kind,
          people: JSON.stringify(f.people),
          created_at: f.createdAt ?? null,
          last_modified_at: f.lastModifiedAt ?? null,
          last_used_at: f.lastUsedAt ?? null,
          url: f.url ?? null,
          permissions: JSON.stringify(f.permissions ?? []),
          weight: itemWeight(f.permissions),
          first_seen_at: at,
          last_seen_at: at,
          seen_in_scan: scanId,
          missed_scans: 0,
          gone_at: null,
          claim: 'new',
        }));
        const known = await db
          .selectFrom('discovered_item')
          .select('ref')
          .where(
            'ref',
            'in',
            rows.map((r) => r.ref),
          )
          .execute();
        added += rows.length - known.length;
        await db
          .insertInto('discovered_item')
          .values(rows)
          .onConflict((oc) =>
            oc.column('ref').doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              kind: eb.ref('excluded.kind'),
              people: eb.ref('excluded.people'),
              created_at: eb.ref('excluded.created_at'),
              last_modified_at: eb.ref('excluded.last_modified_at'),
              last_used_at: eb.ref('excluded.last_used_at'),
              url: eb.ref('excluded.url'),
              permissions: eb.ref('excluded.permissions'),
              weight: eb.ref('excluded.weight'),
              last_seen_at: eb.ref('excluded.last_seen_at'),
              seen_in_scan: eb.ref('excluded.seen_in_scan'),
              missed_scans: 0,
              gone_at: null,
            })),
          )
          .execute();
      }
      return added;
    },
    async progress(source) {
      const row = await db.selectFrom('discovery_scan').selectAll().where('source', '=', source).executeTakeFirst();
      return row && toProgress(row);
    },
    async allProgress() {
      return (await db.selectFrom('discovery_scan').selectAll().orderBy('source').execute()).map(toProgress);
    },
    async saveProgress(p) {
      const row = {
        source: p.source,
        scan_id: p.scanId ?? null,
        cursor: p.cursor ?? null,
        started_at: p.startedAt ?? null,
        pages: p.pages,
        last_complete_at: p.lastCompleteAt ?? null,
        error_code: p.error?.code ?? null,
        error_fix: p.error?.fix ?? null,
        error_at: p.error?.at ?? null,
        error_retry_at: p.error?.retryAt ?? null,
        lease_owner: p.lease?.owner ?? null,
        lease_until: p.lease?.until ?? null,
      };
      const { source: _, ...rest } = row;
      await db
        .insertInto('discovery_scan')
        .values(row)
        .onConflict((oc) => oc.column('source').doUpdateSet(rest))
        .execute();
    },
    async completeScan(source, scanId, at, missedToGone) {
      await db
        .updateTable('discovered_item')
        .set((eb) => ({ missed_scans: eb('missed_scans', '+', 1) }))
        .where('source', '=', source)
        .where('seen_in_scan', '<>', scanId)
        .where('gone_at', 'is', null)
        .execute();
      const gone = await db
        .updateTable('discovered_item')
        .set({ gone_at: at })
        .where('source', '=', source)
        .where('gone_at', 'is', null)
        .where('missed_scans', '>=', missedToGone)
        .executeTakeFirst();
      return { gone: Number(gone.numUpdatedRows) };
    },
    async list({ source, state, now }) {
      let query = items();
      if (source) query = query.where('discovered_item.source', '=', source);
      if (state) query = query.where(stateAt(now), '=', state);
      const rows = await query.orderBy('discovered_item.source').orderBy('discovered_item.name').execute();
      return rows.map((r) => toItem(r, now));
    },
    async find(key, now) {
      const rows = await items()
        .where((eb) =>
          eb.or([
            eb('discovered_item.ref', '=', key),
            eb('discovered_item.external_id', '=', key),
            eb('discovered_item.name', '=', key),
          ]),
        )
        .orderBy('discovered_item.ref')
        .limit(20)
        .execute();
      return rows.map((r) => toItem(r, now));
    },
    async ignore(ref, i) {
      await db
        .updateTable('discovered_item')
        .set({ ignored_reason: i.reason, ignored_until: i.until, ignored_by: i.by, ignored_at: i.at })
        .where('ref', '=', ref)
        .execute();
    },
    async byRefs(refs, now) {
      if (refs.length === 0) return [];
      const found: DiscoveredItem[] = [];
      for (let i = 0; i < refs.length; i += CHUNK) {
        const rows = await items()
          .where('discovered_item.ref', 'in', refs.slice(i, i + CHUNK))
          .execute();
        found.push(...rows.map((r) => toItem(r, now)));
      }
      const order = new Map(refs.map((r, i) => [r, i]));
      return found.sort((a, b) => order.get(a.ref)! - order.get(b.ref)!);
    },
    async awaitingQuestion(now, limit) {
      const rows = await items()
        .where('discovered_item.claim', '=', 'new')
        .where('discovered_item.asked_at', 'is', null)
        .where('discovered_item.admin_notified_at', 'is', null)
        .where('discovered_item.creator_unreachable_at', 'is', null)
        .where(openAt(now))
        .orderBy('discovered_item.first_seen_at')
        .orderBy('discovered_item.ref')
        .limit(limit)
        .execute();
      return rows.map((r) => toItem(r, now));
    },
    async askedSince(people, since) {
      const counts = new Map<string, number>();
      for (const person of new Set(people)) {
        const row = await db
          .selectFrom('discovered_item')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('asked_person', '=', person)
          .where('asked_at', '>=', since)
          .executeTakeFirst();
        counts.set(person, Number(row?.n ?? 0));
      }
      return counts;
    },
    async markAsked(ref, person, at) {
      const r = await db
        .updateTable('discovered_item')
        .set({ claim: 'asked', asked_person: person, asked_at: at })
        .where('ref', '=', ref)
        .where('claim', '=', 'new')
        .where('asked_at', 'is', null)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async markUnreachable(refs, at) {
      for (let i = 0; i < refs.length; i += CHUNK)
        await db
          .updateTable('discovered_item')
          .set({ creator_unreachable_at: at })
          .where('ref', 'in', refs.slice(i, i + CHUNK))
          .where('claim', '=', 'new')
          .where('asked_at', 'is', null)
          .where('creator_unreachable_at', 'is', null)
          .execute();
    },
    async answer(ref, claim, by, at) {
      await db
        .updateTable('discovered_item')
        .set({ claim, answered_by: by, answered_at: at })
        .where('ref', '=', ref)
        .execute();
    },
    async awaitingAdmins(askedBefore, now, limit) {
      const rows = await items()
        .where('discovered_item.admin_notified_at', 'is', null)
        .where((eb) =>
          eb.or([
            eb('discovered_item.claim', '=', 'not-mine'),
            eb.and([eb('discovered_item.claim', '=', 'asked'), eb('discovered_item.asked_at', '<=', askedBefore)]),
            eb.and([
              eb('discovered_item.claim', '=', 'new'),
              eb('discovered_item.creator_unreachable_at', 'is not', null),
            ]),
          ]),
        )
        .where(openAt(now))
        .orderBy('discovered_item.first_seen_at')
        .orderBy('discovered_item.ref')
        .limit(limit)
        .execute();
      return rows.map((r) => toItem(r, now));
    },
    async markAdminNotified(refs, at) {
      for (let i = 0; i < refs.length; i += CHUNK)
        await db
          .updateTable('discovered_item')
          .set({ admin_notified_at: at })
          .where('ref', 'in', refs.slice(i, i + CHUNK))
          .execute();
    },
    async lastAdminNoticeAt() {
      const row = await db
        .selectFrom('discovered_item')
        .select((eb) => eb.fn.max('admin_notified_at').as('last'))
        .executeTakeFirst();
      return (row?.last as string | null | undefined) ?? undefined;
    },
    async counts(now) {
      const rows = await db
        .selectFrom(
          db
            .selectFrom('discovered_item')
            .select(['discovered_item.source', 'discovered_item.weight', stateAt(now).as('state')])
            .as('s'),
        )
        .select(['s.source', 's.state'])
        .select((eb) => [
          eb.fn.countAll<number | string>().as('items'),
          eb.fn.sum<number | string>('s.weight').as('weight'),
        ])
        .groupBy(['s.source', 's.state'])
        .orderBy('s.source')
        .execute();
      return rows.map((r) => ({ source: r.source, state: r.state, items: Number(r.items), weight: Number(r.weight) }));
    },
    async registrationDelays() {
      const rows = await db
        .selectFrom('discovered_item as d')
        .innerJoin('app_external_ref as r', 'r.ref', 'd.ref')
        .innerJoin('app as a', 'a.id', 'r.app_id')
        .where('a.status', 'in', REGISTERED_APP_STATUSES)
        .where('d.gone_at', 'is', null)
        .select(['d.source', 'd.first_seen_at'])
        .select((eb) => eb.fn.min<string>('r.listed_at').as('registered_at'))
        .groupBy(['d.ref', 'd.source', 'd.first_seen_at'])
        .execute();
      return rows
        .filter((r) => r.registered_at > r.first_seen_at)
        .map((r) => ({ source: r.source, firstSeenAt: r.first_seen_at, registeredAt: r.registered_at }));
    },
  };
}

function toProgress(r: Selectable<Tables['discovery_scan']>): ScanProgress {
  return {
    source: r.source,
    scanId: r.scan_id ?? undefined,
    cursor: r.cursor ?? undefined,
    startedAt: r.started_at ?? undefined,
    pages: r.pages,
    lastCompleteAt: r.last_complete_at ?? undefined,
    error: r.error_code
      ? {
          code: r.error_code,
          fix: r.error_fix ?? '',
          at: r.error_at ?? '',
          ...(r.error_retry_at && { retryAt: r.error_retry_at }),
        }
      : undefined,
    lease: r.lease_owner && r.lease_until ? { owner: r.lease_owner, until: r.lease_until } : undefined,
  };
}

function toItem(r: Selectable<Tables['discovered_item']> & { matched: string | null }, now: string): DiscoveredItem {
  const base = {
    source: r.source,
    ref: r.ref,
    externalId: r.external_id,
    name: r.name,
    kind: r.kind as DiscoveredKind,
    people: JSON.parse(r.people) as DiscoveredPerson[],
    createdAt: r.created_at ?? undefined,
    lastModifiedAt: r.last_modified_at ?? undefined,
    lastUsedAt: r.last_used_at ?? undefined,
    url: r.url ?? undefined,
    permissions: JSON.parse(r.permissions) as string[],
    firstSeenAt: r.first_seen_at,
    lastSeenAt: r.last_seen_at,
    claim: r.claim as ClaimState,
    missedScans: r.missed_scans,
    goneAt: r.gone_at ?? undefined,
    ignored:
      r.ignored_until && r.ignored_reason
        ? { reason: r.ignored_reason, until: r.ignored_until, by: r.ignored_by ?? '', at: r.ignored_at ?? '' }
        : undefined,
    matchedAppId: r.matched ?? undefined,
    weight: r.weight,
    asked: r.asked_person && r.asked_at ? { person: r.asked_person, at: r.asked_at } : undefined,
    answered: r.answered_by && r.answered_at ? { by: r.answered_by, at: r.answered_at } : undefined,
    adminNotifiedAt: r.admin_notified_at ?? undefined,
    creatorUnreachableAt: r.creator_unreachable_at ?? undefined,
  };
  return { ...base, state: effectiveState(base, now) };
}
