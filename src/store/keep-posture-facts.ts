import type { Kysely, Transaction } from 'kysely';
import type { Manifest } from '../domain/manifest';
import { postureFacts } from '../domain/posture-facts';
import type { Tables } from './tables';

/** Replaces an app's posture facts by those of its newest revision (every revision written becomes the app's current one). */
export async function keepPostureFacts(
  db: Transaction<Tables> | Kysely<Tables>,
  appId: string,
  revisionId: string,
  manifest: Manifest,
): Promise<void> {
  await db.deleteFrom('app_fact').where('app_id', '=', appId).execute();
  const facts = postureFacts(manifest);
  if (facts.length === 0) return;
  await db
    .insertInto('app_fact')
    .values(facts.map((f) => ({ app_id: appId, revision_id: revisionId, ...f })))
    .execute();
}
