import { isAppError } from '../../src/domain/errors';
import { undeclaredComponents } from '../../src/domain/library-match';
import { parseSbom } from '../../src/domain/sbom';

const cyclonedx = (components: unknown, specVersion = '1.6') =>
  JSON.stringify({ bomFormat: 'CycloneDX', specVersion, version: 1, components });

function refusal(text: string): string {
  try {
    parseSbom(text);
  } catch (error) {
    if (isAppError(error, 'sbom.invalid')) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

test('CycloneDX 1.4–1.6 and SPDX 2.x JSON are read, nested components included, the described package left out', () => {
  for (const v of ['1.4', '1.5', '1.6'])
    expect(
      parseSbom(
        cyclonedx(
          [
            { type: 'library', name: 'express', version: '4.19.2', purl: 'pkg:npm/express@4.19.2' },
            {
              type: 'library',
              group: 'com.fasterxml.jackson.core',
              name: 'jackson-databind',
              components: [{ name: 'inner' }],
            },
          ],
          v,
        ),
      ).components,
    ).toEqual([
      { name: 'express', version: '4.19.2', purl: 'pkg:npm/express@4.19.2' },
      { name: 'com.fasterxml.jackson.core:jackson-databind' },
      { name: 'inner' },
    ]);
  const spdx = parseSbom(
    JSON.stringify({
      spdxVersion: 'SPDX-2.3',
      documentDescribes: ['SPDXRef-root'],
      packages: [
        { SPDXID: 'SPDXRef-root', name: 'my-app' },
        {
          SPDXID: 'SPDXRef-1',
          name: 'requests',
          versionInfo: '2.32.0',
          externalRefs: [
            {
              referenceCategory: 'PACKAGE-MANAGER',
              referenceType: 'purl',
              referenceLocator: 'pkg:pypi/requests@2.32.0',
            },
          ],
        },
      ],
    }),
  );
  expect(spdx).toEqual({
    format: 'SPDX',
    specVersion: 'SPDX-2.3',
    components: [{ name: 'requests', version: '2.32.0', purl: 'pkg:pypi/requests@2.32.0' }],
  });
});

test('broken, foreign, oversized, hostile SBOMs are refused with what to do', () => {
  expect(refusal('{"bomFormat": ')).toMatch(/^The SBOM is not JSON .*give a CycloneDX or SPDX JSON file/);
  expect(refusal('[1,2]')).toMatch(/not a JSON object/);
  expect(refusal('{"name":"x"}')).toMatch(/neither CycloneDX JSON .* nor SPDX JSON/);
  expect(refusal(cyclonedx([], '1.2'))).toMatch(/CycloneDX 1.2 is not read: give CycloneDX 1.4, 1.5 or 1.6 JSON/);
  expect(refusal(cyclonedx({ name: 'x' }))).toMatch(/"components" must be a list/);
  let nested: unknown[] = [];
  for (let i = 0; i < 40; i++) nested = [{ name: `n${i}`, components: nested }];
  expect(refusal(cyclonedx(nested))).toMatch(/nests components more than 32 deep/);
  const many = Array.from({ length: 50_001 }, (_, i) => ({ name: `p${i}` }));
  expect(refusal(cyclonedx(many))).toMatch(/more than 50,000 components/);
  expect(refusal(`${'['.repeat(200_000)}${']'.repeat(200_000)}`)).toMatch(/nests too deeply|not a JSON object/);
  expect(refusal(' '.repeat(21 * 1024 * 1024))).toMatch(/larger than 20 MB/);
});

test('declared libraries match components by name or purl, ecosystem-aware and case-insensitive; versions are not compared', () => {
  const components = [
    { name: 'Express', version: '4.19.2', purl: 'pkg:npm/express@4.19.2' },
    { name: '@slack/bolt', purl: 'pkg:npm/%40slack/bolt@4.0.0' },
    { name: 'Django_REST.framework', purl: 'pkg:pypi/django-rest-framework@3.15' },
    {
      name: 'com.fasterxml.jackson.core:jackson-databind',
      purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.17.0',
    },
    { name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' },
    { name: 'left-pad', version: '1.3.0', purl: 'pkg:npm/left-pad@1.3.0' },
    { name: 'bolt', purl: 'pkg:pypi/bolt@1' },
  ];
  const missing = undeclaredComponents(components, [
    'express@4.18.0',
    'pkg:npm/%40slack/bolt',
    'django-rest-framework==3.14',
    'jackson-databind',
  ]);
  expect(missing.map((c) => c.name)).toEqual(['left-pad', 'bolt']);
  expect(undeclaredComponents(components.slice(6), ['pkg:npm/bolt'])).toHaveLength(1);
  expect(undeclaredComponents(components.slice(6), ['BOLT'])).toHaveLength(0);
});
