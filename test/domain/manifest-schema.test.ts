import type { FieldError } from '../../src/domain/errors';
import { manifestSchema, parseManifest } from '../../src/domain/manifest';
import type { Manifest } from '../../src/domain/manifest';
import { MANIFEST_FIELDS, fieldSpec } from '../../src/domain/manifest-fields';
import { tier1 } from '../support/manifests';

const KEYS = MANIFEST_FIELDS.map((f) => f.key);
const long = (n: number) => 'x'.repeat(n);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const label = (key: string) => fieldSpec(key)!.label;

function errorsOf(input: unknown): FieldError[] {
  const result = parseManifest(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return result.errors;
}

function manifestOf(input: unknown): Manifest {
  const result = parseManifest(input);
  if (!result.ok) throw new Error(`expected a valid manifest, got ${JSON.stringify(result.errors)}`);
  return result.manifest;
}

interface BadValue {
  field: string;
  why: string;
  value: unknown;
  /** What the message must say is expected. */
  expect: RegExp;
  /** What the message must name; the field's label unless the problem is about one list entry. */
  names?: RegExp;
}

const USER_REF = /must be a Slack or Teams user \(like slack:U012AB3CD\) or an email address/;

/** Bad values whose problem is a length, range, format, choice or repeat. */
const BAD_VALUES: BadValue[] = [
  { field: 'name', why: 'two characters', value: 'ab', expect: /needs at least 3 characters/ },
  { field: 'name', why: 'only spaces (trimmed to nothing)', value: '      ', expect: /needs at least 3 characters/ },
  { field: 'name', why: '61 characters', value: long(61), expect: /at most 60 characters/ },
  { field: 'purpose', why: 'nine characters', value: 'Too short', expect: /needs at least 10 characters/ },
  { field: 'purpose', why: '1001 characters', value: long(1001), expect: /at most 1000 characters/ },
  { field: 'owner', why: 'a bare name', value: 'bob', expect: USER_REF },
  { field: 'owner', why: 'an unknown platform', value: 'discord:U012AB3CD', expect: USER_REF },
  { field: 'owner', why: 'a platform without a user id', value: 'slack:', expect: USER_REF },
  { field: 'owner', why: 'an email without a domain', value: 'jane@localhost', expect: USER_REF },
  { field: 'backupOwner', why: 'an email with a space in it', value: 'jane doe@example.com', expect: USER_REF },
  { field: 'businessUnit', why: 'an empty string', value: '', expect: /must not be empty/ },
  { field: 'businessUnit', why: '101 characters', value: long(101), expect: /at most 100 characters/ },
  {
    field: 'audience',
    why: 'an unknown audience',
    value: 'everyone',
    expect: /must be one of: personal, team, organization, external/,
  },
  { field: 'expectedUsers', why: 'zero', value: 0, expect: /must be at least 1/ },
  { field: 'expectedUsers', why: 'a negative number', value: -3, expect: /must be at least 1/ },
  { field: 'expectedUsers', why: 'more than ten million', value: 10_000_001, expect: /can be at most 10000000/ },
  { field: 'builtWith', why: '201 characters', value: long(201), expect: /at most 200 characters/ },
  {
    field: 'dataClassification',
    why: 'an unknown class',
    value: 'secret',
    expect: /must be one of: public, internal, confidential, regulated/,
  },
  { field: 'dataTypes', why: 'a repeated kind', value: ['pii', 'customer', 'pii'], expect: /lists a value twice/ },
  {
    field: 'dataTypes',
    why: 'an unknown kind',
    value: ['pii', 'gossip'],
    expect: /must be one of: pii, financial, health, customer, employee, credentials/,
  },
  {
    field: 'integrations',
    why: 'an access that is neither read nor write',
    value: [{ system: 'jira', access: 'admin' }],
    expect: /access must be one of: read, write/,
    names: /Integration/,
  },
  {
    field: 'integrations',
    why: 'a blank system',
    value: [{ system: '  ', access: 'read' }],
    expect: /system must not be empty/,
    names: /Integration/,
  },
  {
    field: 'integrations',
    why: 'a system over 100 characters',
    value: [{ system: long(101), access: 'read' }],
    expect: /at most 100 characters/,
    names: /Integration system/,
  },
  {
    field: 'integrations',
    why: '51 entries',
    value: Array.from({ length: 51 }, (_, i) => ({ system: `sys-${i}`, access: 'read' })),
    expect: /At most 50/,
    names: /integrations/,
  },
  {
    field: 'thirdPartyLibraries',
    why: 'an entry over 200 characters',
    value: [long(201)],
    expect: /at most 200 characters/,
    names: /librar/,
  },
  {
    field: 'thirdPartyLibraries',
    why: '201 entries',
    value: Array.from({ length: 201 }, (_, i) => `lib-${i}@1.0.0`),
    expect: /At most 200/,
    names: /librar/,
  },
  {
    field: 'productionEndpoints',
    why: 'an http:// address',
    value: ['http://x.example.com'],
    expect: /must be a full https:\/\/ address/,
    names: /production endpoint/,
  },
  {
    field: 'productionEndpoints',
    why: 'an address without a scheme',
    value: ['https://ok.example.com', 'x.example.com'],
    expect: /must be a full https:\/\/ address/,
    names: /production endpoint/,
  },
  {
    field: 'externalRefs',
    why: 'a ref without its source',
    value: ['z-1001'],
    expect: /"<source>:<id>".*"z-1001" is not/,
  },
  {
    field: 'externalRefs',
    why: 'a ref with a space',
    value: ['zapier:z 1001'],
    expect: /no spaces/,
  },
  {
    field: 'externalRefs',
    why: 'an upper-case source',
    value: ['Zapier:z-1001'],
    expect: /like "github:acme\/renewal-nudger"/,
  },
  {
    field: 'repository',
    why: 'a repository that is not an https address',
    value: 'git@github.com:acme/renewal-nudger.git',
    expect: /must be its https address, like "https:\/\/github.com\/acme\/renewal-nudger"/,
  },
  {
    field: 'repositoryOwnerId',
    why: 'an owner id that is a name',
    value: 'acme',
    expect: /is a number, like "1342004"/,
  },
  {
    field: 'requestedScopes',
    why: 'a blank scope',
    value: ['files:read', '   '],
    expect: /must not be empty/,
    names: /scope/,
  },
  {
    field: 'requestedScopes',
    why: '101 scopes',
    value: Array.from({ length: 101 }, (_, i) => `scope:${i}`),
    expect: /At most 100/,
    names: /scopes/,
  },
  { field: 'retentionDays', why: 'zero', value: 0, expect: /must be at least 1/ },
  { field: 'retentionDays', why: 'more than 100 years', value: 36_501, expect: /can be at most 36500/ },
  {
    field: 'healthEndpoint',
    why: 'an http:// address',
    value: 'http://app.example.com/health',
    expect: /must be a full https:\/\/ address/,
  },
  {
    field: 'healthEndpoint',
    why: 'over 2000 characters',
    value: `https://app.example.com/${long(2000)}`,
    expect: /at most 2000 characters/,
  },
  { field: 'decommissionPlan', why: 'nine characters', value: 'Delete it', expect: /needs at least 10 characters/ },
  { field: 'controls', why: 'a repeated control', value: ['dlp', 'logging', 'dlp'], expect: /lists a value twice/ },
  {
    field: 'controls',
    why: 'an unknown control',
    value: ['firewall'],
    expect: /must be one of: encryption, dlp, logging/,
  },
];

/** Values of the wrong type: the message must say which type is wanted, not that the field is missing. */
const WRONG_TYPES: BadValue[] = [
  { field: 'name', why: 'a number', value: 123, expect: /must be text/ },
  { field: 'owner', why: 'a number', value: 42, expect: /must be a person/ },
  { field: 'expectedUsers', why: '1.5', value: 1.5, expect: /must be a whole number/ },
  { field: 'expectedUsers', why: 'a numeric string', value: '12', expect: /must be a whole number/ },
  { field: 'retentionDays', why: '30.5', value: 30.5, expect: /must be a whole number/ },
  { field: 'thirdPartyLibraries', why: 'a single string', value: 'lodash@4.17.21', expect: /must be a list/ },
  {
    field: 'integrations',
    why: 'a string entry',
    value: ['jira read'],
    expect: /needs a system, an access of read or write/,
    names: /integration/,
  },
  {
    field: 'integrations',
    why: 'requiresSecret "yes"',
    value: [{ system: 'jira', access: 'read', requiresSecret: 'yes' }],
    expect: /requiresSecret must be true or false/,
    names: /Integration/,
  },
  ...MANIFEST_FIELDS.filter((f) => f.kind === 'flag').map((f) => ({
    field: f.key,
    why: 'the string "yes"',
    value: 'yes',
    expect: /must be yes or no \(true or false\)/,
  })),
];

function expectRejected({ field, value, expect: expected, names }: BadValue): void {
  const errors = errorsOf(tier1({ [field]: value }));
  expect(errors.map((e) => e.field)).toEqual([field]);
  expect(errors[0]!.path.split('.')[0]).toBe(field);
  expect(errors[0]!.message).toMatch(names ?? new RegExp(escapeRegExp(label(field))));
  expect(errors[0]!.message).toMatch(expected);
}

describe('parseManifest rejects bad values, naming the field and what is expected', () => {
  test('every manifest field has at least one bad-value case', () => {
    const covered = new Set([...BAD_VALUES, ...WRONG_TYPES].map((c) => c.field));
    expect(KEYS.filter((k) => !covered.has(k))).toEqual([]);
  });

  test.each(BAD_VALUES)('$field: $why', expectRejected);

  // Fails today: every invalid_type issue is reported as "<Label> is required." (see the report).
  test.each(WRONG_TYPES)('$field, wrong type: $why', expectRejected);
});

describe('parseManifest on valid input', () => {
  test('a minimal manifest gets empty lists and false flags, and no optional fields', () => {
    const manifest = manifestOf(tier1());
    const lists = MANIFEST_FIELDS.filter((f) => ['multiselect', 'lines', 'integrations'].includes(f.kind)).map(
      (f) => f.key,
    );
    const flags = MANIFEST_FIELDS.filter((f) => f.kind === 'flag').map((f) => f.key);
    expect(lists).toEqual(
      expect.arrayContaining([
        'dataTypes',
        'integrations',
        'thirdPartyLibraries',
        'productionEndpoints',
        'requestedScopes',
        'controls',
      ]),
    );
    expect(flags).toHaveLength(7);
    expect(manifest).toStrictEqual({
      ...tier1(),
      ...Object.fromEntries(lists.map((k) => [k, []])),
      ...Object.fromEntries(flags.map((k) => [k, false])),
    });
    for (const optional of ['backupOwner', 'retentionDays', 'decommissionPlan', 'healthEndpoint', 'builtWith']) {
      expect(Object.hasOwn(manifest, optional)).toBe(false);
    }
  });

  test('text is trimmed and an integration defaults to needing no secret', () => {
    const manifest = manifestOf(
      tier1({ name: '  Notes tidier  ', integrations: [{ system: ' jira ', access: 'read' }] }),
    );
    expect(manifest.name).toBe('Notes tidier');
    expect(manifest.integrations).toEqual([{ system: 'jira', access: 'read', requiresSecret: false }]);
  });

  test.each([
    'slack:U012AB3CD',
    'teams:29:1a2b3c4d-5e6f-7a8b-9c0d-e1f2a3b4c5d6',
    'jane.doe@example.com',
    'j.o+ops@mail.example.co.uk',
  ])('owner accepts %s', (owner) => {
    expect(manifestOf(tier1({ owner, backupOwner: owner })).owner).toBe(owner);
  });

  test('expectedUsers 1.5 and an http:// production endpoint are rejected on their own fields', () => {
    expect(errorsOf(tier1({ expectedUsers: 1.5 })).map((e) => e.path)).toEqual(['expectedUsers']);
    expect(errorsOf(tier1({ productionEndpoints: ['http://x.example.com'] })).map((e) => e.path)).toEqual([
      'productionEndpoints.0',
    ]);
  });

  test('the zod schema and the field list agree on every key', () => {
    const full = tier1({
      backupOwner: 'teams:abc-123',
      builtWith: 'Retool + Copilot',
      externalRefs: ['github:acme/renewal-nudger'],
      repository: 'https://github.com/acme/renewal-nudger',
      repositoryOwnerId: '1342004',
      dataTypes: ['pii'],
      retentionDays: 30,
      integrations: [{ system: 'jira', access: 'write', requiresSecret: true }],
      thirdPartyLibraries: ['lodash@4.17.21'],
      productionEndpoints: ['https://app.example.com'],
      requestedScopes: ['chat:write'],
      usesAI: true,
      aiOutputsExternal: true,
      humanReviewOfOutputs: true,
      automatedDecisionsAboutPeople: true,
      directProductionDbAccess: true,
      impersonatesEmployees: true,
      financialTransactions: true,
      healthEndpoint: 'https://app.example.com/health',
      decommissionPlan: 'Delete the sheet and tell users.',
      controls: ['logging'],
    });
    expect(Object.keys(full).sort()).toEqual([...KEYS].sort());
    expect(Object.keys(manifestOf(full)).sort()).toEqual([...KEYS].sort());
    expect(Object.keys(manifestSchema.shape).sort()).toEqual([...KEYS].sort());
    expect(new Set(KEYS).size).toBe(KEYS.length);
  });
});

describe('parseManifest explains unknown and missing fields', () => {
  test.each([
    ['buisnessUnit', 'businessUnit'],
    ['usesAi', 'usesAI'],
    ['dataClasification', 'dataClassification'],
  ])('a near miss %s suggests %s', (typo, meant) => {
    const result = parseManifest(tier1({ [typo]: 'x' }));
    expect(result).toMatchObject({ ok: false, unknownFieldPaths: [typo] });
    expect(errorsOf(tier1({ [typo]: 'x' }))).toEqual([
      {
        field: typo,
        path: typo,
        message: expect.stringMatching(new RegExp(`"${typo}" is not a manifest field\\. Did you mean "${meant}"\\?`)),
      },
    ]);
  });

  test('a far miss lists every known field instead of guessing', () => {
    const [error] = errorsOf(tier1({ favouriteColour: 'teal' }));
    expect(error!.field).toBe('favouriteColour');
    expect(error!.message).toMatch(/"favouriteColour" is not a manifest field; remove it\. Known fields: /);
    expect(error!.message).not.toMatch(/Did you mean/);
    for (const key of KEYS) expect(error!.message).toContain(key);
  });

  // Fails today: the problem is filed under "acess" and worded as an unknown manifest field (see the report).
  test('an unknown key inside an integration belongs to the integrations field', () => {
    const errors = errorsOf(tier1({ integrations: [{ system: 'jira', access: 'read', acess: 'write' }] }));
    expect(errors).toEqual([
      { field: 'integrations', path: 'integrations.0.acess', message: expect.stringMatching(/integration/i) },
    ]);
    expect(errors[0]!.message).not.toMatch(/manifest field/);
  });

  test.each(MANIFEST_FIELDS.filter((f) => f.required).map((f) => [f.key, f.label] as const))(
    'a missing %s says "%s is required."',
    (key, fieldLabel) => {
      const input = tier1();
      delete input[key];
      expect(errorsOf(input)).toEqual([{ field: key, path: key, message: `${fieldLabel} is required.` }]);
    },
  );

  test('every problem is reported at once', () => {
    const input = tier1({
      name: 'ab',
      owner: 'bob',
      expectedUsers: 0,
      productionEndpoints: ['http://x.example.com'],
      favouriteColour: 'teal',
    });
    delete input.purpose;
    const errors = errorsOf(input);
    expect(errors.map((e) => e.field).sort()).toEqual([
      'expectedUsers',
      'favouriteColour',
      'name',
      'owner',
      'productionEndpoints',
      'purpose',
    ]);
    expect(errors.find((e) => e.field === 'productionEndpoints')!.path).toBe('productionEndpoints.0');
  });

  test('input that is not an object says what a manifest is', () => {
    for (const input of [null, 'name: x', [tier1()]]) {
      expect(errorsOf(input)).toEqual([
        { field: 'manifest', path: 'manifest', message: expect.stringMatching(/object of fields/) },
      ]);
    }
  });

  // Fails today: seven valid kinds with one repeat trips the list's length check, worded "must be a list" (see the report).
  test('a list longer than its choices because of repeats says a value is repeated', () => {
    const [error] = errorsOf(
      tier1({ dataTypes: ['pii', 'financial', 'health', 'customer', 'employee', 'credentials', 'pii'] }),
    );
    expect(error!.message).toMatch(/lists a value twice/);
  });
});
