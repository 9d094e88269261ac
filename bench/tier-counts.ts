import type { Manifest } from '../src/domain/manifest';
import { assess } from '../src/policy/assess';
import type { Policy } from '../src/policy/policy';

/** How many manifests the policy puts in each tier, as `{ "tier 1": n, … }` (tier 4 is prohibited). */
export function tierCounts(policy: Policy, manifests: readonly Manifest[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of manifests) {
    const tier = `tier ${assess(policy, m).tier}`;
    counts[tier] = (counts[tier] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).sort());
}
