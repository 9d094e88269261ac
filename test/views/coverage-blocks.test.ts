import type { SourceCoverage } from '../../src/domain/discovery-coverage';
import { coverageBlocks } from '../../src/views/coverage-blocks';

const source = (over: Partial<SourceCoverage>): SourceCoverage => ({
  source: 'teams-apps',
  discovered: 0,
  registered: 0,
  unregistered: 0,
  ignored: 0,
  gone: 0,
  retired: 0,
  coverage: 0,
  weightedCoverage: 0,
  ...over,
});
const texts = (blocks: ReturnType<typeof coverageBlocks>) =>
  blocks.map((b) => ('text' in b ? [b.text, ...('items' in b ? (b.items ?? []) : [])].join('\n') : b.type)).join('\n');

test('a failed source shows when it failed, in the reader zone, with its fix; ignored items are not counted', () => {
  const shown = texts(
    coverageBlocks(
      {
        coverage: 0.5,
        weightedCoverage: 0.5,
        sources: [
          source({
            discovered: 5,
            registered: 2,
            unregistered: 2,
            ignored: 1,
            coverage: 0.5,
            lastScanAt: '2026-12-06T23:30:00Z',
          }),
          source({
            source: 'power-platform',
            error: {
              code: 'power-platform.credentials',
              fix: 'Sign in again and replace POWER_PLATFORM_REFRESH_TOKEN.',
              at: '2026-12-07T06:00:00Z',
            },
          }),
        ],
      },
      'America/New_York',
    ),
  );
  expect(shown).toContain('50% of the apps and agents discovery found are registered: 2 of 4.');
  expect(shown).toContain('teams-apps: 2 of 4 registered (50%), last complete scan 6 Dec 2026, 18:30 America/New_York');
  expect(shown).toContain('power-platform: 0 of 0 registered, not scanned in full yet');
  expect(shown).toContain(
    'power-platform: the last scan failed 7 Dec 2026, 01:00 America/New_York. Sign in again and replace POWER_PLATFORM_REFRESH_TOKEN.',
  );
  expect(shown).toContain('2 items nobody has registered yet');
});

test('configured sources that found nothing yet say so, without a hint to list items', () => {
  const shown = texts(coverageBlocks({ coverage: 0, weightedCoverage: 0, sources: [source({})] }));
  expect(shown).toContain('Discovery has found nothing to count yet.');
  expect(shown).toContain('teams-apps: 0 of 0 registered, not scanned in full yet');
  expect(shown).not.toContain('discover list');
});

test('past five failed sources the rest are summed up with where to see them', () => {
  const failing = Array.from({ length: 7 }, (_, i) =>
    source({ source: `s${i}`, error: { code: `s${i}.failed`, fix: 'Try later.', at: '2026-12-07T06:00:00Z' } }),
  );
  const blocks = coverageBlocks({ coverage: 0, weightedCoverage: 0, sources: failing });
  expect(blocks.filter((b) => b.type === 'text' && b.tone === 'warning')).toHaveLength(5);
  expect(texts(blocks)).toContain('2 more sources failed: microapp discover status shows them.');
});
