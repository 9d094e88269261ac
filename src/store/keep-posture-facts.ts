import type { Kysely, Transaction } from 'kysely';
import type { Manifest } from '../domain/manifest';
import { LIVE_STATUSES, postureFacts } from '../domain/posture-facts';
import type { Tables } from './tables';

/**
 * Replaces an app's posture facts by those of its newest revision (every revision written becomes
 * the app's current one), marked live from the app's status now; a trigger keeps `live` in step
 * with later status changes.
 */
export async function keepPostureFacts(
  db: Transaction<Tables> | Kysely<Tables>,
  appId: string,
  revisionId: string,
  manifest: Manifest,
): Promise<void> {
  await db.deleteFrom('app_fact').where('app_id', '=', appId).execute();
  const facts = postureFacts(manifest);
  if (facts.length === 0) return;
  const app = await db.selectFrom('app').select('status').where('id', '=', appId).executeTakeFirst();
  const live = app && (LIVE_STATUSES as readonly string[]).includes(app.status) ? 1 : 0;
  await db
    .insertInto('app_fact')
    .values(facts.map((f) => ({ app_id: appId, revision_id: revisionId, live, ...f })))
    .execute();
}
