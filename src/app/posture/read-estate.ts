import type { DiscoveryCoverage } from '../../domain/discovery-coverage';
import { DATA_CLASSIFICATIONS, DATA_TYPES } from '../../domain/manifest-vocabulary';
import type { Registry } from '../../ports/registry';
import { LIVE_STATUSES } from '../../domain/posture-facts';

/** A label and how many apps it counts. */
export interface Tally {
  key: string;
  apps: number;
}

/** A system apps reach: how many live apps reach it, and how many of those with a key or credential. */
export interface SystemReach {
  system: string;
  name: string;
  apps: number;
  withSecret: number;
}

/** The estate at a glance. */
export interface Estate {
  /** Apps that may be running (approved, waiting for review, expired). */
  live: number;
  /** Every app, per status. */
  byStatus: Tally[];
  /** Live apps per tier. */
  byTier: Tally[];
  /** Live apps per data classification. */
  byClassification: Tally[];
  /** Live apps handling each data type (an app may handle several). */
  byDataType: Tally[];
  /** Systems reached by live apps, most reached first. */
  systems: SystemReach[];
  coverage: DiscoveryCoverage;
}

/** The estate view: grouped counts from the store (apps by status and tier, facts of current manifests) and discovery coverage. */
export function createReadEstate(deps: {
  registry: Pick<Registry, 'apps' | 'posture'>;
  coverage: () => Promise<DiscoveryCoverage>;
  systemName: (system: string) => string;
}) {
  return async (): Promise<Estate> => {
    const [counts, facts, coverage] = await Promise.all([
      deps.registry.apps.counts(),
      deps.registry.posture.liveFactCounts(),
      deps.coverage(),
    ]);
    const byStatus = new Map<string, number>();
    const byTier = new Map<string, number>();
    for (const c of counts) {
      byStatus.set(c.status, (byStatus.get(c.status) ?? 0) + c.count);
      if (LIVE_STATUSES.includes(c.status as never))
        byTier.set(String(c.tier), (byTier.get(String(c.tier)) ?? 0) + c.count);
    }
    const of = (kind: string, order: readonly string[]): Tally[] => {
      const found = new Map(facts.filter((f) => f.kind === kind).map((f) => [f.value, f.apps]));
      const keys = [...order, ...[...found.keys()].filter((k) => !order.includes(k)).sort()];
      return keys.map((key) => ({ key, apps: found.get(key) ?? 0 }));
    };
    const systems = facts
      .filter((f) => f.kind === 'system')
      .map((f) => ({ system: f.value, name: deps.systemName(f.value), apps: f.apps, withSecret: f.withSecret }))
      .sort((a, b) => b.apps - a.apps || a.name.localeCompare(b.name));
    return {
      live: [...byTier.values()].reduce((a, b) => a + b, 0),
      byStatus: [...byStatus].map(([key, apps]) => ({ key, apps })).sort((a, b) => b.apps - a.apps),
      byTier: [...byTier].map(([key, apps]) => ({ key, apps })).sort((a, b) => a.key.localeCompare(b.key)),
      byClassification: of('classification', DATA_CLASSIFICATIONS),
      byDataType: of('data_type', DATA_TYPES),
      systems,
      coverage,
    };
  };
}
