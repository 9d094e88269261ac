import type { Manifest } from '../src/domain/manifest';
import { parseManifest } from '../src/domain/manifest';
import type { Policy } from '../src/policy/policy';
import { appName } from './app-names';
import { personRef } from './person-ref';
import type { Random } from './seeded-random';
import { seededRandom } from './seeded-random';
import { AUDIENCES, CONTROLS, DATA_TYPES } from '../src/domain/manifest-vocabulary';

/** The kind of registration a generated manifest is shaped like; the policy decides its actual tier. */
export type RiskProfile = 'low' | 'medium' | 'high' | 'prohibited';

const NON_CATALOG = ['Airtable', 'legacy-ftp', 'custom-crm', 'zapier', 'notion', 'mailchimp', 'Internal-Wiki'];
const PINNED = ['lodash@4.17.21', 'axios@1.7.9', 'date-fns@3.6.0', 'pandas@2.2.2', 'requests@2.32.3', 'openpyxl@3.1.5'];
const UNPINNED = ['left-pad', 'moment', 'some-helper'];
const NARROW_SCOPES = ['files:read', 'channels:history', 'users:read', 'Sites.Read.All', 'calendar.read'];
const BROAD_SCOPES = ['*', 'admin.users:write', 'mail:all', 'Directory.AccessAsUser.Admin'];
const PURPOSES = [
  'Collects the weekly figures into one sheet for the team meeting.',
  'Reminds people about items that are about to fall due.',
  'Routes incoming requests to the right person in the team.',
  'Summarises long threads into a short daily digest.',
  'Checks submitted forms for missing fields before they are filed.',
  'Drafts replies to common questions for a person to send.',
];
const PROHIBITED_FLAGS = [
  'automatedDecisionsAboutPeople',
  'directProductionDbAccess',
  'impersonatesEmployees',
  'financialTransactions',
] as const;

/**
 * Raw (unvalidated) manifest input shaped like `profile`: low is personal use of public or internal
 * data through approved, non-sensitive systems; medium adds one team-level risk (a team audience, a
 * secret, a system outside the catalog or financial data); high adds organisation-wide or external
 * audiences, confidential or regulated data, personal data or sensitive systems; prohibited trips one
 * of the never-allowed uses. Optional fields and controls are filled in at random, so some
 * manifests have shortfalls and some do not.
 */
export function manifestInput(
  random: Random,
  policy: Policy,
  profile: RiskProfile,
  name: string,
): Record<string, unknown> {
  const systems = Object.values(policy.catalog);
  const plain = systems.filter((s) => !s.sensitive).map((s) => s.id);
  const sensitive = systems.filter((s) => s.sensitive).map((s) => s.id);
  const n = random.int(5000);
  const input: Record<string, unknown> = {
    name,
    purpose: random.pick(PURPOSES),
    owner: personRef(n),
    businessUnit: random.pick(['Operations', 'Finance', 'Sales', 'Support', 'People', 'Engineering']),
    audience: 'personal',
    expectedUsers: 1 + random.int(5),
    dataClassification: random.pick(['public', 'internal'] as const),
  };
  const integrations: { system: string; access: string; requiresSecret: boolean }[] = [];
  const addIntegration = (system: string, requiresSecret = false) =>
    integrations.push({
      system: random.chance(0.2) ? system.toUpperCase() : system,
      access: random.chance(0.3) ? 'write' : 'read',
      requiresSecret,
    });
  for (let i = random.int(3); i > 0; i--) addIntegration(random.pick(plain));
  if (random.chance(0.3)) input.usesAI = true;
  input.thirdPartyLibraries = random.subset(PINNED, 0.3);
  if (random.chance(0.15)) (input.thirdPartyLibraries as string[]).push(random.pick(UNPINNED));
  input.requestedScopes = random.subset(NARROW_SCOPES, 0.3);

  if (profile === 'medium') {
    const driver = random.int(4);
    if (driver === 0) {
      input.audience = 'team';
      input.expectedUsers = 3 + random.int(48);
    } else if (driver === 1) addIntegration(random.pick(plain), true);
    else if (driver === 2) addIntegration(random.pick(NON_CATALOG));
    else input.dataTypes = ['financial'];
  } else if (profile === 'high' || profile === 'prohibited') {
    input.audience = random.pick(AUDIENCES);
    input.expectedUsers = random.pick([1, 20, 180, 251, 1200, 40000]);
    input.dataClassification = random.pick(['internal', 'confidential', 'regulated'] as const);
    input.dataTypes = random.subset(DATA_TYPES, 0.2);
    if (random.chance(0.5)) addIntegration(random.pick(sensitive), random.chance(0.4));
    if (random.chance(0.2)) addIntegration(random.pick(NON_CATALOG), random.chance(0.5));
    if (random.chance(0.2)) (input.requestedScopes as string[]).push(random.pick(BROAD_SCOPES));
    if (random.chance(0.25))
      Object.assign(input, { usesAI: true, aiOutputsExternal: true, humanReviewOfOutputs: true });
    if (
      profile === 'high' &&
      input.audience === 'personal' &&
      input.dataClassification === 'internal' &&
      integrations.length === 0
    ) {
      input.dataTypes = ['customer'];
    }
  }
  if (profile === 'prohibited') {
    const trigger = random.int(PROHIBITED_FLAGS.length + 1);
    if (trigger === PROHIBITED_FLAGS.length)
      Object.assign(input, { usesAI: true, aiOutputsExternal: true, humanReviewOfOutputs: false });
    else input[PROHIBITED_FLAGS[trigger]!] = true;
  }
  input.integrations = integrations;

  if (random.chance(0.5)) input.backupOwner = personRef(n + 1);
  if (random.chance(0.4)) input.decommissionPlan = 'Export the data to the team drive, then delete the app.';
  if (random.chance(0.3)) input.healthEndpoint = `https://app${n}.example.com/health`;
  if (random.chance(0.3)) input.retentionDays = random.pick([7, 30, 90, 365]);
  if (random.chance(0.3))
    input.builtWith = random.pick(['Retool + Copilot', 'Power Apps', 'Apps Script', 'Zapier + GPT']);
  input.controls = random.subset(CONTROLS, 0.35);
  return input;
}

/** The profile of the `index`-th generated manifest: 35% low, 25% medium, 25% high, 15% prohibited. */
export function profileAt(index: number): RiskProfile {
  const slot = index % 20;
  return slot < 7 ? 'low' : slot < 12 ? 'medium' : slot < 17 ? 'high' : 'prohibited';
}

/** Validates a generated input; a generator bug fails loudly instead of skewing the figures. */
export function validManifest(input: unknown): Manifest {
  const parsed = parseManifest(input);
  if (!parsed.ok) throw new Error(`bench generated an invalid manifest: ${JSON.stringify(parsed.errors)}`);
  return parsed.manifest;
}

/** `count` pre-validated manifests across every risk profile, the same for the same seed. */
export function manifestCorpus(policy: Policy, count: number, seed = 20261121): Manifest[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) =>
    validManifest(manifestInput(random, policy, profileAt(i), `${appName(random)} ${i}`)),
  );
}
