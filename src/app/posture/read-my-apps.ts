import type { AppRecord } from '../../domain/app-record';
import type { Counted } from '../../ports/posture-reads';
import type { Registry } from '../../ports/registry';

/** How many apps My apps lists (the count says how many there are in all). */
export const MY_APPS_LIMIT = 500;

/** My apps: the apps a person owns, backs up or submitted a revision of, by name. */
export function createReadMyApps(deps: { registry: Pick<Registry, 'posture'> }) {
  return (refs: readonly string[]): Promise<Counted<AppRecord>> => deps.registry.posture.appsOf(refs, MY_APPS_LIMIT);
}
