import type { Policy } from '../../src/policy/policy';
import { findSystem, suggestSystem, systemKey, withCatalogIds } from '../../src/policy/catalog-match';
import { loadPolicy } from '../../src/policy/load-policy';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTestPolicy, policyCopy } from '../support/test-policy';

let policy: Policy;
beforeAll(async () => {
  policy = await loadTestPolicy();
});

test.each([
  ['google-sheets', 'google-sheets'],
  ['Google Sheets', 'google-sheets'],
  ['GOOGLE  sheets', 'google-sheets'],
  ['MS Teams', 'microsoft-teams'],
  ['ms-teams', 'microsoft-teams'],
  ['Snowflake', 'snowflake'],
  ['Azure AD', 'entra-id'],
  ['SFDC', 'salesforce'],
])('"%s" is the catalog system %s', (text, id) => {
  expect(findSystem(policy, text)?.id).toBe(id);
});

test('unknown names are not matched, and a near miss suggests the system meant', () => {
  expect(findSystem(policy, 'Google Sheet')).toBeUndefined();
  expect(suggestSystem(policy, 'Google Sheet')?.name).toBe('Google Sheets');
  expect(suggestSystem(policy, 'Salesfroce')?.name).toBe('Salesforce');
  expect(suggestSystem(policy, 'Airtable')).toBeUndefined();
  expect(systemKey('Ser-vice Now!')).toBe('servicenow');
});

test('a manifest names recognised systems by catalog id and keeps the rest as typed', () => {
  const m = withCatalogIds(policy, {
    integrations: [
      { system: 'MS Teams', access: 'read', requiresSecret: false },
      { system: 'Airtable', access: 'write', requiresSecret: true },
    ],
  } as never);
  expect(m.integrations.map((i) => i.system)).toEqual(['microsoft-teams', 'Airtable']);
});

test('a name or alias that would mean two systems is a policy problem', async () => {
  const dir = policyCopy((d) =>
    writeFileSync(
      join(d, 'catalog.yaml'),
      'systems:\n  - { id: one, name: One, category: crm, aliases: [Shared] }\n  - { id: two, name: Two, category: crm, aliases: [shared] }\n',
    ),
  );
  await expect(loadPolicy(dir)).rejects.toMatchObject({
    details: { problems: [expect.stringMatching(/"two" and "one" can both be called "shared"/)] },
  });
});
