import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Assessment } from '../../src/domain/assessment';
import { parseManifest } from '../../src/domain/manifest';
import type { Manifest } from '../../src/domain/manifest';
import { assess } from '../../src/policy/assess';
import { loadPolicy } from '../../src/policy/load-policy';
import type { Policy } from '../../src/policy/policy';
import { tier1, tier2, tier3 } from '../support/manifests';
import { loadTestPolicy, policyCopy } from '../support/test-policy';

let policy: Policy;
beforeAll(async () => {
  policy = await loadTestPolicy();
});

function manifestOf(input: Record<string, unknown>): Manifest {
  const result = parseManifest(input);
  if (!result.ok) throw new Error(`test manifest is invalid: ${JSON.stringify(result.errors)}`);
  return result.manifest;
}

const run = (input: Record<string, unknown>, p: Policy = policy) => assess(p, manifestOf(input));
const fired = (a: Assessment) => a.reasons.map((r) => r.rule);
const ruleById = (id: string) => policy.rules.find((r) => r.id === id)!;
const pointsOf = (ids: string[]) => ids.reduce((sum, id) => sum + ruleById(id).points, 0);
const byRole = (a: { role: string; count: number }[]) => [...a].sort((x, y) => x.role.localeCompare(y.role));
const integration = (system: string, access = 'read', requiresSecret = false) => [{ system, access, requiresSecret }];

/** For each default rule, changes to the tier-1 baseline that make that rule, and only it, fire. */
const RULE_CASES: Record<string, Record<string, unknown>> = {
  'uses-ai': { usesAI: true },
  'ai-output-external': { aiOutputsExternal: true, humanReviewOfOutputs: true },
  'ai-output-unreviewed': { aiOutputsExternal: true, humanReviewOfOutputs: false },
  'team-audience': { audience: 'team' },
  'organization-audience': { audience: 'organization' },
  'external-audience': { audience: 'external' },
  'many-users': { expectedUsers: 251 },
  'confidential-data': { dataClassification: 'confidential' },
  'regulated-data': { dataClassification: 'regulated' },
  'personal-data': { dataTypes: ['health'] },
  'financial-data': { dataTypes: ['financial'] },
  'stores-credentials': { dataTypes: ['credentials'] },
  'integration-needs-secret': { integrations: integration('google-sheets', 'read', true) },
  'integration-not-in-catalog': { integrations: integration('homegrown-crm-api') },
  'sensitive-system': { integrations: integration('Salesforce') },
  'write-access': { integrations: integration('jira', 'write') },
  'broad-scopes': { requestedScopes: ['files:read', 'Admin.Users'] },
  'unpinned-libraries': { thirdPartyLibraries: ['lodash@4.17.21', 'left-pad'] },
  'decisions-about-people': { automatedDecisionsAboutPeople: true },
  'direct-production-db': { directProductionDbAccess: true },
  'impersonates-employees': { impersonatesEmployees: true },
  'autonomous-payments': { financialTransactions: true },
};

/** Manifests just on the safe side of a rule. */
const NEAR_MISSES: [string, string, Record<string, unknown>][] = [
  ['many-users', '250 users', { expectedUsers: 250 }],
  ['broad-scopes', 'narrow scopes', { requestedScopes: ['files:read', 'chat:write'] }],
  ['unpinned-libraries', 'pinned libraries', { thirdPartyLibraries: ['lodash@4.17.21'] }],
  ['integration-not-in-catalog', 'a catalog system in capitals', { integrations: integration('JIRA') }],
  ['personal-data', 'only financial records', { dataTypes: ['financial'] }],
  ['ai-output-external', 'AI output kept inside', { usesAI: true, humanReviewOfOutputs: true }],
];

describe('every default rule', () => {
  test('has a case in this table, and the table has no stale ids', () => {
    expect(policy.rules.map((r) => r.id).sort()).toEqual(Object.keys(RULE_CASES).sort());
  });

  test('is silent on the tier-1 baseline, which is auto-approved with score 0', () => {
    const a = run(tier1());
    expect(fired(a)).toEqual([]);
    expect(a).toMatchObject({ tier: 1, score: 0, decision: 'auto_approve', requiredApprovals: [], shortfalls: [] });
  });

  test.each(Object.entries(RULE_CASES))('%s fires on a manifest made for it', (id, over) => {
    const a = run(tier1(over));
    const rule = ruleById(id);
    expect(fired(a)).toEqual([id]);
    expect(a.reasons[0]).toMatchObject({ rule: id, points: rule.points, message: rule.message, fix: rule.fix });
    if (rule.prohibit) expect(a.tier).toBe(4);
    else expect(a.score).toBe(Math.min(10, rule.points));
  });

  test.each(NEAR_MISSES)('%s does not fire on %s', (id, _why, over) => {
    expect(fired(run(tier1(over)))).not.toContain(id);
  });
});

describe('score and tier', () => {
  const BOUNDARIES = [
    {
      score: 3,
      tier: 1,
      decision: 'auto_approve',
      rules: ['uses-ai', 'broad-scopes'],
      over: { usesAI: true, requestedScopes: ['admin'] },
    },
    {
      score: 4,
      tier: 2,
      decision: 'review',
      rules: ['uses-ai', 'broad-scopes', 'write-access'],
      over: { usesAI: true, requestedScopes: ['admin'], integrations: integration('jira', 'write') },
    },
    {
      score: 7,
      tier: 2,
      decision: 'review',
      rules: ['uses-ai', 'team-audience', 'broad-scopes', 'write-access', 'unpinned-libraries'],
      over: {
        audience: 'team',
        usesAI: true,
        requestedScopes: ['admin'],
        integrations: integration('jira', 'write'),
        thirdPartyLibraries: ['left-pad'],
      },
    },
    {
      score: 8,
      tier: 3,
      decision: 'review',
      rules: ['uses-ai', 'team-audience', 'many-users', 'broad-scopes'],
      over: { audience: 'team', expectedUsers: 300, usesAI: true, requestedScopes: ['admin'] },
    },
  ];

  test('the default tiers end at scores 3, 7 and 10', () => {
    expect(policy.tiers.map((t) => [t.tier, t.maxScore, t.decision])).toEqual([
      [1, 3, 'auto_approve'],
      [2, 7, 'review'],
      [3, 10, 'review'],
    ]);
  });

  test.each(BOUNDARIES)('score $score gives tier $tier', ({ score, tier, decision, rules, over }) => {
    expect(pointsOf(rules)).toBe(score);
    const a = run(tier1(over));
    expect(fired(a).sort()).toEqual([...rules].sort());
    expect(a).toMatchObject({ score, tier, decision });
    const route = tier === 1 ? undefined : policy.routing[String(tier) as '2' | '3'];
    expect(a.requiredApprovals).toEqual(route?.approvals ?? []);
    expect(a.destinations).toEqual(route?.destinations ?? []);
  });

  /** The tier model (seeds 002 and 004): which tier each default rule's reason belongs to on its own. */
  const TIER_OF_REASON: Record<1 | 2 | 3, string[]> = {
    1: ['uses-ai', 'write-access', 'broad-scopes', 'unpinned-libraries'],
    2: ['team-audience', 'many-users', 'financial-data', 'integration-needs-secret', 'integration-not-in-catalog'],
    3: [
      'organization-audience',
      'external-audience',
      'confidential-data',
      'regulated-data',
      'personal-data',
      'stores-credentials',
      'sensitive-system',
      'ai-output-external',
    ],
  };

  test('every default rule that is not a prohibition alone gives the tier its reason belongs to', () => {
    const scoring = policy.rules.filter((r) => !r.prohibit).map((r) => r.id);
    expect(Object.values(TIER_OF_REASON).flat().sort()).toEqual(scoring.sort());
    for (const [tier, ids] of Object.entries(TIER_OF_REASON))
      for (const id of ids) expect({ id, tier: run(tier1(RULE_CASES[id])).tier }).toEqual({ id, tier: Number(tier) });
  });

  test('any two medium (tier 2) reasons together still give tier 2', () => {
    const medium = TIER_OF_REASON[2];
    for (const [i, a] of medium.entries())
      for (const b of medium.slice(i + 1)) {
        const over: Record<string, unknown> = { ...RULE_CASES[a] };
        for (const [field, value] of Object.entries(RULE_CASES[b]!))
          over[field] = Array.isArray(value) && Array.isArray(over[field]) ? [...over[field], ...value] : value;
        const assessed = run(tier1(over));
        expect(fired(assessed).sort()).toEqual([a, b].sort());
        expect({ reasons: [a, b], tier: assessed.tier }).toEqual({ reasons: [a, b], tier: 2 });
      }
  });

  test('the score is capped at 10', () => {
    const rules = ['organization-audience', 'many-users', 'regulated-data', 'personal-data'];
    expect(pointsOf(rules)).toBeGreaterThan(10);
    const a = run(tier3({ dataClassification: 'regulated', integrations: [] }));
    expect(fired(a).sort()).toEqual([...rules].sort());
    expect(a).toMatchObject({ score: 10, tier: 3 });
  });

  test('a rule that requires approvals lifts the tier to 2, and minTier 3 lifts it to 3', async () => {
    const lenient = await loadPolicy(
      policyCopy((dir) =>
        writeFileSync(
          join(dir, 'rules', 'zz-extra.yaml'),
          stringify({
            rules: [
              {
                id: 'two-security-for-ai',
                when: 'app.usesAI',
                require: { approvals: [{ role: 'security', count: 2 }] },
                message: 'AI.',
                fix: 'Ask.',
              },
              {
                id: 'training-scope',
                when: "'model:train' in app.requestedScopes",
                require: { minTier: 3 },
                message: 'Trains.',
                fix: 'Ask.',
              },
            ],
          }),
        ),
      ),
    );
    const ai = run(tier1({ usesAI: true }), lenient);
    expect(ai).toMatchObject({ score: 1, tier: 2, decision: 'review' });
    expect(byRole(ai.requiredApprovals)).toEqual([
      { role: 'reviewer', count: 1 },
      { role: 'security', count: 2 },
    ]);
    const training = run(tier1({ requestedScopes: ['model:train'] }), lenient);
    expect(training).toMatchObject({ score: 0, tier: 3, requiredApprovals: lenient.routing['3']!.approvals });
  });
});

describe('prohibited uses', () => {
  const PROHIBITED: [string, Record<string, unknown>][] = [
    ['decisions-about-people', { automatedDecisionsAboutPeople: true }],
    ['direct-production-db', { directProductionDbAccess: true }],
    ['impersonates-employees', { impersonatesEmployees: true }],
    ['autonomous-payments', { financialTransactions: true }],
    ['ai-output-unreviewed', { usesAI: true, aiOutputsExternal: true }],
  ];

  test.each(PROHIBITED)(
    '%s gives tier 4 with no approvals and someone to talk to, whatever else the app is',
    (id, over) => {
      for (const base of [tier1, tier3]) {
        const a = run(base(over));
        expect(a).toMatchObject({
          tier: 4,
          decision: 'prohibited',
          requiredApprovals: [],
          requiredControls: [],
          destinations: [],
          shortfalls: [],
        });
        expect(a.contact).toBe(policy.prohibited.contact);
        expect(a.contact).toMatch(/\w{3}/);
        expect(a.reasons[0]!.rule).toBe(id);
      }
    },
  );

  test('an allowed app carries no contact', () => {
    expect(run(tier3()).contact).toBeUndefined();
  });
});

describe('approvals, controls and shortfalls', () => {
  test('a secret-bearing integration on a tier-2 app needs a reviewer and security', () => {
    const a = run(tier1({ integrations: integration('google-sheets', 'read', true) }));
    expect(a.tier).toBe(2);
    expect(byRole(a.requiredApprovals)).toEqual([
      { role: 'reviewer', count: 1 },
      { role: 'security', count: 1 },
    ]);
  });

  test('security asked for by tier 3 and by a rule is one approval, not two', () => {
    const a = run(tier3({ integrations: integration('salesforce', 'read', true) }));
    expect(fired(a)).toContain('integration-needs-secret');
    expect(byRole(a.requiredApprovals)).toEqual([
      { role: 'platform', count: 1 },
      { role: 'security', count: 1 },
    ]);
  });

  test.each([
    ['confidential', ['encryption', 'dlp'], ['privacyImpactAssessment']],
    ['regulated', ['encryption', 'dlp', 'privacyImpactAssessment'], []],
  ])('%s data adds its controls to the tier controls, once each', (dataClassification, adds, absent) => {
    const a = run(tier3({ dataClassification }));
    const expected = new Set([...policy.tiers[2]!.demands!.controls, ...adds]);
    expect(new Set(a.requiredControls)).toEqual(expected);
    expect(a.requiredControls).toHaveLength(expected.size);
    for (const control of absent) expect(a.requiredControls).not.toContain(control);
  });

  test('classification demands apply whatever the tier', async () => {
    const mild = await loadPolicy(
      policyCopy((dir) => {
        const file = join(dir, 'rules', 'data.yaml');
        const rules = parse(readFileSync(file, 'utf8')) as { rules: { id: string; points?: number }[] };
        rules.rules.find((r) => r.id === 'confidential-data')!.points = 1;
        writeFileSync(file, stringify(rules));
      }),
    );
    const because = mild.classifications.confidential!.because;
    const a = run(tier1({ dataClassification: 'confidential' }), mild);
    expect(a).toMatchObject({ tier: 1, decision: 'auto_approve', requiredApprovals: [] });
    expect([...a.requiredControls].sort()).toEqual(['dlp', 'encryption']);
    expect(a.shortfalls).toEqual([
      { field: 'retentionDays', because, message: `Say how many days it keeps data before deleting it. ${because}.` },
      {
        field: 'controls',
        because,
        message: `Confirm Encryption at rest and in transit and DLP scanning are in place. ${because}.`,
      },
    ]);
  });

  test('a rule adds the controls it requires', () => {
    expect(run(tier3({ dataTypes: ['credentials'] })).requiredControls).toContain('vaultSecrets');
    expect(run(tier3()).requiredControls).not.toContain('vaultSecrets');
  });

  test('a tier-2 app without backup owner, plan and controls falls short on each, saying why', () => {
    const because = policy.tiers[1]!.demands!.because;
    const a = run(tier2({ backupOwner: undefined, decommissionPlan: undefined, controls: [] }));
    expect(a.shortfalls).toEqual([
      { field: 'backupOwner', because, message: `Name a backup owner who can take over if you leave. ${because}.` },
      {
        field: 'decommissionPlan',
        because,
        message: `Say what happens to its data and users when it is retired. ${because}.`,
      },
      { field: 'controls', because, message: `Confirm Logging and Rollback plan are in place. ${because}.` },
    ]);
    expect(run(tier2()).shortfalls).toEqual([]);
  });

  test('regulated data without retention or a privacy impact assessment falls short on both', () => {
    const because = policy.classifications.regulated!.because;
    const a = run(tier3({ dataClassification: 'regulated', retentionDays: undefined }));
    expect(a.shortfalls).toEqual([
      { field: 'retentionDays', because, message: `Say how many days it keeps data before deleting it. ${because}.` },
      { field: 'controls', because, message: `Confirm Privacy impact assessment is in place. ${because}.` },
    ]);
  });

  test('a control missing for two reasons is asked for once; a rule names its own reason', () => {
    const a = run(tier3({ controls: [], dataTypes: ['credentials'] }));
    const controls = a.shortfalls.filter((s) => s.field === 'controls').map((s) => s.message);
    expect(controls).toHaveLength(2);
    expect(controls[0]).toMatch(
      new RegExp(`^Confirm .*DLP scanning.* are in place\\. ${policy.tiers[2]!.demands!.because}\\.$`),
    );
    expect(controls.join(' ').match(/DLP scanning/g)).toHaveLength(1);
    expect(controls[1]).toBe('Confirm Secrets kept in the vault is in place. This app stores credentials.');
  });
});

describe('assess is pure', () => {
  test.each([
    [
      'a tier-3 app',
      tier3({ integrations: integration('salesforce', 'write', true), dataTypes: ['credentials'], controls: [] }),
    ],
    ['a prohibited app', tier2({ financialTransactions: true })],
  ])('%s: the same input twice gives the same output, and neither manifest nor policy changes', (_name, input) => {
    const manifest = manifestOf(input);
    const before = structuredClone(manifest);
    const policyBefore = JSON.stringify(policy);
    const first = assess(policy, deepFreeze(manifest));
    const second = assess(policy, manifest);
    expect(second).toEqual(first);
    expect(manifest).toEqual(before);
    expect(JSON.stringify(policy)).toBe(policyBefore);
  });
});

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}
