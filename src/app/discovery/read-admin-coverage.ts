import type { Actor } from '../../domain/actor';
import { refersTo } from '../../domain/actor';
import type { DiscoveryCoverage } from '../../domain/discovery-coverage';
import type { Policy } from '../../policy/policy';

/**
 * Coverage for an admin's own view (App Home): undefined for anyone who does not hold the policy's
 * `admin` role, and when there is nothing to show (no source configured, nothing scanned or imported).
 */
export function createReadAdminCoverage(deps: {
  policy: () => Policy;
  readCoverage: () => Promise<DiscoveryCoverage>;
}) {
  return async (actor: Actor): Promise<DiscoveryCoverage | undefined> => {
    const admins = deps.policy().roles.admin?.members ?? [];
    if (!admins.some((m) => refersTo(m, actor))) return undefined;
    const coverage = await deps.readCoverage();
    return coverage.sources.length > 0 ? coverage : undefined;
  };
}
