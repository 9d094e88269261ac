import type { Actor } from '../../src/domain/actor';
import { exportApps } from '../../src/app/queries/export-apps';
import { createPeopleDirectory } from '../../src/people/people-directory';
import { MANIFEST_FIELDS } from '../../src/domain/manifest-fields';
import type { Policy } from '../../src/policy/policy';
import type { Registry } from '../../src/ports/registry';
import { tier1, tier3 } from '../support/manifests';
import { testCore } from '../support/test-core';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { PEOPLE, loadTestPolicy } from '../support/test-policy';

const NOW = new Date('2026-11-21T10:00:00.000Z');
const cli: Actor = { platform: 'cli', userId: 'ops' };

/** Every manifest field declared, with values that need care in a CSV cell. */
const FULL = tier3({
  name: 'Renewal nudger',
  purpose: 'Reminds account managers, weekly, about "renewals"\nfrom CRM data.',
  backupOwner: PEOPLE.backup,
  businessUnit: 'Sales, EMEA',
  builtWith: '=HYPERLINK("http://x")',
  externalRefs: ['zapier:z-1001', 'github:acme/renewal-nudger'],
  repository: 'https://github.com/acme/renewal-nudger',
  repositoryOwnerId: '1342004',
  integrations: [
    { system: 'salesforce', access: 'write', requiresSecret: true },
    { system: 'jira', access: 'read', requiresSecret: false },
  ],
  thirdPartyLibraries: ['lodash@4.17.21', 'dayjs'],
  productionEndpoints: ['https://renewals.example.com', 'https://renewals.example.com/api'],
  requestedScopes: ['crm.read', 'crm.write'],
  usesAI: true,
  aiOutputsExternal: false,
  humanReviewOfOutputs: true,
  automatedDecisionsAboutPeople: false,
  directProductionDbAccess: false,
  impersonatesEmployees: false,
  financialTransactions: false,
  decommissionPlan: 'Turn the rule off and delete the sheet.',
  controls: ['incidentContact', 'encryption', 'dlp', 'logging', 'rollback', 'vaultSecrets'],
});

/** A small RFC 4180 reader: quoted cells may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      rows.push([...row, cell]);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

async function collect(chunks: AsyncGenerator<string>): Promise<string[]> {
  const all: string[] = [];
  for await (const chunk of chunks) all.push(chunk);
  return all;
}

let policy: Policy;
beforeAll(async () => {
  policy = await loadTestPolicy();
});

for (const dialect of DIALECTS) {
  describe(`export on ${dialect}`, () => {
    let registry: Registry;
    let core: ReturnType<typeof testCore>;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
      core = testCore(registry, policy, { now: () => NOW });
    });
    afterEach(() => registry.close());

    test('an empty registry exports an empty JSON array and a CSV header alone', async () => {
      expect(JSON.parse((await collect(core.exportApps('json'))).join(''))).toEqual([]);
      expect(parseCsv((await collect(core.exportApps('csv'))).join(''))).toHaveLength(1);
    });

    test('JSON carries each app record with the whole manifest it was registered with, one chunk per app', async () => {
      const full = await core.submitRegistration(FULL, cli);
      const small = await core.submitRegistration(tier1(), cli);
      const chunks = await collect(core.exportApps('json'));
      expect(chunks).toHaveLength(2 + 2);
      const exported = JSON.parse(chunks.join(''));

      expect(exported.map((a: { name: string }) => a.name)).toEqual(['Notes tidier', 'Renewal nudger']);
      const [tidier, nudger] = exported;
      expect(Object.keys(nudger.manifest).sort()).toEqual(MANIFEST_FIELDS.map((f) => f.key).sort());
      expect(nudger.manifest).toEqual(FULL);
      expect(nudger).toEqual({ ...JSON.parse(JSON.stringify(await registry.apps.find(full.app.id))), manifest: FULL });
      expect(tidier.manifest).toMatchObject(tier1());
      expect(tidier.manifest).toEqual(small.revision.manifest);
      expect(tidier).toMatchObject({ id: small.app.id, status: 'approved', tier: 1 });
    });

    test('JSON of one app is a one-element array', async () => {
      await core.submitRegistration(tier1(), cli);
      const exported = JSON.parse((await collect(core.exportApps('json'))).join(''));
      expect(exported).toHaveLength(1);
      expect(exported[0].manifest.purpose).toBe(tier1().purpose);
    });

    test('CSV has the app columns, then one column per manifest field, with lists, flags and integrations flattened', async () => {
      await core.submitRegistration(FULL, cli);
      await core.submitRegistration(tier1(), cli);
      const chunks = await collect(core.exportApps('csv'));
      expect(chunks).toHaveLength(1 + 2);
      const [header, ...rows] = parseCsv(chunks.join(''));

      expect(header).toEqual([
        'id',
        'name',
        'status',
        'tier',
        'score',
        'owner',
        'ownerName',
        'ownerEmail',
        'backupOwner',
        'backupOwnerName',
        'backupOwnerEmail',
        'businessUnit',
        'expiresAt',
        'createdAt',
        'updatedAt',
        'purpose',
        'audience',
        'expectedUsers',
        'builtWith',
        'externalRefs',
        'repository',
        'repositoryOwnerId',
        'dataClassification',
        'dataTypes',
        'integrations',
        'thirdPartyLibraries',
        'productionEndpoints',
        'requestedScopes',
        'retentionDays',
        'usesAI',
        'aiOutputsExternal',
        'humanReviewOfOutputs',
        'automatedDecisionsAboutPeople',
        'directProductionDbAccess',
        'impersonatesEmployees',
        'financialTransactions',
        'healthEndpoint',
        'decommissionPlan',
        'controls',
      ]);
      expect(rows).toHaveLength(2);
      expect(rows.every((r) => r.length === header!.length)).toBe(true);
      const byName = new Map(rows.map((r) => [r[1], Object.fromEntries(header!.map((h, i) => [h, r[i]!]))]));

      const nudger = byName.get('Renewal nudger')!;
      expect(nudger).toMatchObject({
        owner: PEOPLE.owner,
        backupOwner: PEOPLE.backup,
        businessUnit: 'Sales, EMEA',
        purpose: FULL.purpose,
        audience: 'organization',
        expectedUsers: '300',
        builtWith: `'=HYPERLINK("http://x")`,
        externalRefs: 'zapier:z-1001; github:acme/renewal-nudger',
        repository: 'https://github.com/acme/renewal-nudger',
        repositoryOwnerId: '1342004',
        dataClassification: 'confidential',
        dataTypes: 'customer',
        integrations: 'salesforce (write, secret); jira (read)',
        thirdPartyLibraries: 'lodash@4.17.21; dayjs',
        productionEndpoints: 'https://renewals.example.com; https://renewals.example.com/api',
        requestedScopes: 'crm.read; crm.write',
        retentionDays: '90',
        usesAI: 'yes',
        aiOutputsExternal: 'no',
        humanReviewOfOutputs: 'yes',
        healthEndpoint: 'https://renewals.example.com/health',
        decommissionPlan: 'Turn the rule off and delete the sheet.',
        controls: 'incidentContact; encryption; dlp; logging; rollback; vaultSecrets',
      });

      const tidier = byName.get('Notes tidier')!;
      expect(tidier).toMatchObject({
        status: 'approved',
        backupOwner: '',
        integrations: '',
        dataTypes: '',
        usesAI: 'no',
        retentionDays: '',
        builtWith: '',
      });
    });

    test("owners' names and emails come from the people directory, as CSV columns and JSON fields", async () => {
      await core.people.remember({
        ref: PEOPLE.owner,
        email: 'olivia@example.com',
        displayName: 'Olivia Owner',
        active: true,
      });
      await core.people.remember({ ref: 'teams:29:1b68', displayName: 'Bo Backup', active: true });
      await core.submitRegistration(FULL, cli);
      await core.submitRegistration(tier1({ owner: 'ana@example.com', backupOwner: 'teams:29:1b68' }), cli);
      await core.submitRegistration(tier1({ name: 'Stranger app', owner: PEOPLE.stranger }), cli);
      const [header, ...rows] = parseCsv((await collect(core.exportApps('csv'))).join(''));
      const byName = new Map(rows.map((r) => [r[1], Object.fromEntries(header!.map((h, i) => [h, r[i]!]))]));
      expect(byName.get('Renewal nudger')).toMatchObject({
        owner: PEOPLE.owner,
        ownerName: 'Olivia Owner',
        ownerEmail: 'olivia@example.com',
        backupOwner: PEOPLE.backup,
        backupOwnerName: '',
        backupOwnerEmail: '',
      });
      expect(byName.get('Notes tidier')).toMatchObject({
        owner: 'ana@example.com',
        ownerName: '',
        ownerEmail: 'ana@example.com',
        backupOwnerName: 'Bo Backup',
        backupOwnerEmail: '',
      });
      expect(byName.get('Stranger app')).toMatchObject({ owner: PEOPLE.stranger, ownerName: '', ownerEmail: '' });
      const json = JSON.parse((await collect(core.exportApps('json'))).join(''));
      expect(json.find((a: { name: string }) => a.name === 'Renewal nudger')).toMatchObject({
        ownerName: 'Olivia Owner',
        ownerEmail: 'olivia@example.com',
      });
      expect(json.find((a: { name: string }) => a.name === 'Notes tidier')).toMatchObject({
        ownerEmail: 'ana@example.com',
        backupOwnerName: 'Bo Backup',
      });
      expect(json.find((a: { name: string }) => a.name === 'Stranger app')).not.toHaveProperty('ownerName');
    });

    test('CSV never starts a cell with a formula character, in app or manifest columns', async () => {
      await core.submitRegistration(FULL, cli);
      await core.submitRegistration(tier1({ name: '+Tidier', purpose: '@SUM(A1:A2) of my notes, weekly.' }), cli);
      const [, ...rows] = parseCsv((await collect(core.exportApps('csv'))).join(''));
      const cells = rows.flat();
      expect(cells).toEqual(
        expect.arrayContaining(["'+Tidier", "'@SUM(A1:A2) of my notes, weekly.", `'=HYPERLINK("http://x")`]),
      );
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
    });

    test('an export longer than a page keeps every app and its own manifest, reading revisions once per page', async () => {
      const count = 205;
      for (let i = 0; i < count; i++) {
        await core.submitRegistration(tier1({ name: `App ${String(i).padStart(3, '0')}`, expectedUsers: i + 1 }), cli);
      }
      let reads = 0;
      const counting: Registry = {
        ...registry,
        read: (work) => {
          reads++;
          return registry.read(work);
        },
      };
      const directory = createPeopleDirectory({
        people: registry.people,
        messengers: new Map(),
        clock: { now: () => NOW },
      });
      const lookups: number[] = [];
      const counted = {
        known: (refs: (string | undefined)[]) => {
          lookups.push(refs.length);
          return directory.known(refs);
        },
      };
      const exported: { name: string; manifest: { name: string; expectedUsers: number } }[] = JSON.parse(
        (await collect(exportApps({ registry: counting, directory: counted }, 'json'))).join(''),
      );
      expect(reads).toBe(2);
      expect(lookups).toEqual([2 * 200, 2 * 5]);
      expect(exported).toHaveLength(count);
      expect(
        exported.every((a) => a.manifest.name === a.name && a.manifest.expectedUsers === Number(a.name.slice(4)) + 1),
      ).toBe(true);
      expect(parseCsv((await collect(core.exportApps('csv'))).join(''))).toHaveLength(count + 1);
    });
  });
}
