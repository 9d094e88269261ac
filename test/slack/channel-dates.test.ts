import { toMessage } from '../../adapters/slack/block-kit';
import { EACH_READERS_ZONE } from '../../src/views/reader-dates';
import { plainText } from '../../src/views/plain-text';
import { day } from '../../src/views/wording';

const at = '2026-11-21T10:00:00.000Z';
const unix = Date.parse(at) / 1000;
const token = `<!date^${unix}^{date_short_pretty}|21 Nov 2026 UTC>`;
const view = {
  title: `Review ${day(at, EACH_READERS_ZONE)}`,
  blocks: [
    { type: 'text' as const, text: `Approved by <!here> & co on ${day(at, EACH_READERS_ZONE)}.` },
    { type: 'context' as const, text: `Opened ${day(at, EACH_READERS_ZONE)}.` },
    { type: 'fields' as const, fields: [{ label: 'Since', value: day(at, EACH_READERS_ZONE) }] },
  ],
};

test("a date on a card in a channel is Slack's date token, each reader seeing it in their own zone; user text stays escaped", () => {
  const { text, blocks } = toMessage(view);
  const json = JSON.stringify(blocks);
  expect(blocks[1]).toMatchObject({
    text: { type: 'mrkdwn', text: `Approved by &lt;!here&gt; &amp; co on ${token}.`, verbatim: true },
  });
  expect(blocks[2]).toMatchObject({ elements: [{ type: 'mrkdwn', text: `Opened ${token}.` }] });
  expect(blocks[3]).toMatchObject({ fields: [{ type: 'mrkdwn', text: `*Since*\n${token}` }] });
  expect(blocks[0]).toMatchObject({ type: 'header', text: { type: 'plain_text', text: 'Review 21 Nov 2026 UTC' } });
  expect(text).toBe(`Review ${token}`);
  expect(json).not.toMatch(/[\uE000\uE001]/);
});

test('a date given for one reader stays in their zone, with no token', () => {
  const { blocks } = toMessage({ title: 'T', blocks: [{ type: 'text', text: `On ${day(at, 'Asia/Tokyo')}.` }] });
  expect(blocks[1]).toMatchObject({ text: { text: 'On 21 Nov 2026.' } });
});

test('text typed to look like a reader date is shown as typed, never as a token', () => {
  const forged = `\uE000abcdefgh${unix * 1000}\uE001 \uE000${unix * 1000}\uE001`;
  const { blocks } = toMessage({ title: 'T', blocks: [{ type: 'text', text: forged }] });
  expect(blocks[1]).toMatchObject({ text: { text: forged } });
});

test('in plain text (the command line, notification fallbacks) the date is the day in UTC, naming the zone', () => {
  expect(plainText(view)).toBe(
    'Review 21 Nov 2026 UTC\nApproved by <!here> & co on 21 Nov 2026 UTC.\nOpened 21 Nov 2026 UTC.\nSince: 21 Nov 2026 UTC',
  );
});
