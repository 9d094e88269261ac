import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Incident } from '../domain/incident';
import type { IncidentLog } from '../ports/incident-log';
import type { Tables } from './tables';

/** Incidents over kysely, inside the caller's transaction. */
export function kyselyIncidentLog(db: Kysely<Tables> | Transaction<Tables>): IncidentLog {
  return {
    async insert(i) {
      await db
        .insertInto('incident')
        .values({
          id: i.id,
          app_id: i.appId,
          summary: i.summary,
          opened_by: i.openedBy,
          opened_at: i.openedAt,
          acknowledged_by: null,
          acknowledged_at: null,
          resolved_by: null,
          resolved_at: null,
        })
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('incident').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toIncident(row);
    },
    async open() {
      const rows = await db
        .selectFrom('incident')
        .selectAll()
        .where('resolved_at', 'is', null)
        .orderBy('opened_at')
        .execute();
      return rows.map(toIncident);
    },
    async acknowledge(id, by, at) {
      const result = await db
        .updateTable('incident')
        .set({ acknowledged_by: by, acknowledged_at: at })
        .where('id', '=', id)
        .where('acknowledged_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async resolve(id, by, at) {
      const result = await db
        .updateTable('incident')
        .set({ resolved_by: by, resolved_at: at })
        .where('id', '=', id)
        .where('resolved_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

function toIncident(r: Selectable<Tables['incident']>): Incident {
  return {
    id: r.id,
    appId: r.app_id,
    summary: r.summary,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    acknowledgedBy: r.acknowledged_by ?? undefined,
    acknowledgedAt: r.acknowledged_at ?? undefined,
    resolvedBy: r.resolved_by ?? undefined,
    resolvedAt: r.resolved_at ?? undefined,
  };
}
