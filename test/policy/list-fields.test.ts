import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { parseManifest } from '../../src/domain/manifest';
import { assess } from '../../src/policy/assess';
import { createCelEnvironment } from '../../src/policy/cel-environment';
import { LIST_FIELDS, listsRead } from '../../src/policy/list-fields';
import { loadPolicy } from '../../src/policy/load-policy';
import { tier1 } from '../support/manifests';
import { policyCopy } from '../support/test-policy';

const read = (condition: string) => {
  const parsed = createCelEnvironment().parse(condition);
  expect(parsed.check().valid).toBe(true);
  return listsRead(parsed.ast);
};

test.each([
  ['app.usesAI', []],
  ['has(app.retentionDays) && app.retentionDays > 30', []],
  ["app.integrations.exists(i, i.requiresSecret) && 'pii' in app.dataTypes", ['integrations', 'dataTypes']],
  [
    "app.productionEndpoints.map(e, e).size() > 0 || app.integrations.all(i, i.access == 'read')",
    ['integrations', 'productionEndpoints'],
  ],
])('%s reads the lists %j', (condition, lists) => {
  expect(read(condition)).toEqual(lists);
});

test.each([
  'app["dataTypes"].size() > 0',
  '[app].exists(a, a.requestedScopes.size() > 0)',
  'cel.bind(a, app, a.thirdPartyLibraries.size() > 0)',
])('%s uses the app as a whole, so it may read every list', (condition) => {
  expect(read(condition)).toEqual([...LIST_FIELDS]);
});

test('a rule that reaches a list through the whole app still names the items that make it fire', async () => {
  const policy = await loadPolicy(
    policyCopy((dir) =>
      writeFileSync(
        join(dir, 'rules', 'zz-extra.yaml'),
        stringify({
          rules: [
            {
              id: 'training-scope',
              when: "[app].exists(a, a.requestedScopes.exists(s, s == 'model:train'))",
              points: 1,
              message: 'Trains models.',
              fix: 'Ask the data team.',
            },
          ],
        }),
      ),
    ),
  );
  const parsed = parseManifest(tier1({ requestedScopes: ['files:read', 'model:train'] }));
  if (!parsed.ok) throw new Error('test manifest is invalid');
  const reason = assess(policy, parsed.manifest).reasons.find((r) => r.rule === 'training-scope');
  expect(reason?.about).toEqual(['model:train']);
});
