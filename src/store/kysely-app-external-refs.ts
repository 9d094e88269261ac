import type { Kysely, Transaction } from 'kysely';
import { matchableRef } from '../domain/discovered-item';
import type { Tables } from './tables';

/** Makes the app's external refs those its latest revision lists; a ref it kept keeps the time it was first listed. */
export async function listAppRefs(
  db: Kysely<Tables> | Transaction<Tables>,
  appId: string,
  refs: readonly string[],
  at: string,
): Promise<void> {
  const wanted = [...new Set(refs.map(matchableRef))];
  let drop = db.deleteFrom('app_external_ref').where('app_id', '=', appId);
  if (wanted.length) drop = drop.where('ref', 'not in', wanted);
  await drop.execute();
  if (wanted.length === 0) return;
  await db
    .insertInto('app_external_ref')
    .values(wanted.map((ref) => ({ ref, app_id: appId, listed_at: at })))
    .onConflict((oc) => oc.columns(['ref', 'app_id']).doNothing())
    .execute();
}
