import { toMessage } from '../../adapters/slack/block-kit';
import type { DiscoveredItem } from '../../src/domain/discovered-item';
import { discoveryDigest } from '../../src/views/discovery-digest';

const item = (i: number): DiscoveredItem => ({
  source: 'zapier',
  ref: `zapier:${'z'.repeat(150)}-${i}`,
  externalId: `${'z'.repeat(150)}-${i}`,
  name: `${'A very long zap name '.repeat(10)}${i}`,
  kind: 'workflow',
  people: [],
  firstSeenAt: '2026-12-07T10:00:00.000Z',
  lastSeenAt: '2026-12-07T10:00:00.000Z',
  claim: 'new',
  state: 'new',
  missedScans: 0,
  weight: 1,
});

test("the admins' list of 50 long items fits Slack's limits with every item shown", () => {
  const view = discoveryDigest(
    Array.from({ length: 50 }, (_, i) => item(i)),
    {},
    'UTC',
  )!;
  const { blocks } = toMessage(view);
  expect(blocks.length).toBeLessThanOrEqual(50);
  const texts = blocks.flatMap((b) => (b.type === 'section' ? [String((b.text as { text: string }).text)] : []));
  for (const t of texts) expect(t.length).toBeLessThanOrEqual(3000);
  const shown = texts.join('\n');
  expect(shown.match(/…" \(a workflow in the zapier import, zapier:z+…\): /g)).toHaveLength(50);
  expect(shown.match(/creator is unknown/g)).toHaveLength(50);
});
