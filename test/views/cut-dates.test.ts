import { cut } from '../../adapters/teams/card-text';
import { cutMarkup, escapeMrkdwn } from '../../adapters/slack/block-kit';
import { cutBeforeDates, readerDate, renderReaderDates } from '../../src/views/reader-dates';

const AT = '2026-11-21T10:00:00.000Z';

test('a cut never splits a reader date: it ends before the date instead', () => {
  const text = `Opened ${readerDate(AT)} by Rae`;
  const at = text.indexOf(readerDate(AT));
  const cutInside = cutBeforeDates(text, at + 5, cut);
  expect(cutInside).toBe('Opened …');
  expect(renderReaderDates(cutBeforeDates(text, text.length - 2, cut), () => 'DATE')).toBe('Opened DATE by …');
  expect(cutBeforeDates(text, text.length, cut)).toBe(text);
});

test("Slack's escaped text is never cut inside a date token or an escaped character", () => {
  const dated = escapeMrkdwn(`Opened ${readerDate(AT)}`);
  expect(dated).toMatch(/^Opened <!date\^\d+\^\{date_short_pretty\}\|21 Nov 2026 UTC>$/);
  expect(cutMarkup(dated, 20)).toBe('Opened …');
  const escaped = escapeMrkdwn('Tom & Jerry');
  expect(escaped).toBe('Tom &amp; Jerry');
  expect(cutMarkup(escaped, 7)).toBe('Tom …');
  expect(cutMarkup(escaped, 12)).toBe('Tom &amp; J…');
});
