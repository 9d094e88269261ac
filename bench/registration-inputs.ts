import { assess } from '../src/policy/assess';
import type { Policy } from '../src/policy/policy';
import { appName } from './app-names';
import type { RiskProfile } from './manifest-corpus';
import { manifestInput, validManifest } from './manifest-corpus';
import { seededRandom } from './seeded-random';

/** Values for the optional fields a tier or data classification can demand. */
const FILL: Record<string, unknown> = {
  backupOwner: 'backup@example.com',
  decommissionPlan: 'Export the data to the team drive, then delete the app.',
  healthEndpoint: 'https://microapps.example.com/health',
  retentionDays: 90,
};

const PROFILES: RiskProfile[] = ['low', 'low', 'medium', 'medium', 'high'];

/**
 * `count` registration inputs that `submitRegistration` accepts: tiers 1 to 3 (nothing prohibited),
 * every field and control the policy demands filled in, and names unique within the run
 * (`prefix` keeps them apart from other runs on the same database).
 */
export function registrationInputs(policy: Policy, count: number, prefix = '', seed = 7): Record<string, unknown>[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const input = manifestInput(random, policy, PROFILES[i % PROFILES.length]!, `${prefix}${appName(random)} ${i}`);
    const first = assess(policy, validManifest(input));
    for (const s of first.shortfalls) if (s.field in FILL) input[s.field] = FILL[s.field];
    input.controls = [...new Set([...(input.controls as string[]), ...first.requiredControls])];
    const final = assess(policy, validManifest(input));
    if (final.decision === 'prohibited' || final.shortfalls.length > 0) {
      throw new Error(`bench registration input ${i} is not acceptable: ${JSON.stringify(final.shortfalls)}`);
    }
    return input;
  });
}
