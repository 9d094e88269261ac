import { nameDistance, suggestionLimit } from '../../src/domain/name-distance';
import { AppError } from '../../src/domain/errors';
import { describeError } from '../../src/views/describe-error';
import { personLabel } from '../../src/views/person-label';
import { calendarDaysBetween, day, plural, unknownZoneNote, zoneName, zonedMoment } from '../../src/views/wording';

const olivia = {
  id: 'p1',
  refs: ['slack:U0OWNER', 'teams:29:1b68'],
  email: 'olivia@example.com',
  displayName: 'Olivia Owner',
  active: true,
  refreshedAt: '2026-11-21T10:00:00.000Z',
};

test('a person reads as name and email, the name or email alone, or the platform, never a raw ref', () => {
  expect(personLabel('slack:U0OWNER', olivia)).toBe('Olivia Owner <olivia@example.com>');
  expect(personLabel('teams:29:1b68', { ...olivia, email: undefined })).toBe('Olivia Owner');
  expect(personLabel('teams:29:1b68', { ...olivia, displayName: undefined })).toBe('olivia@example.com');
  expect(personLabel('ana@example.com', undefined)).toBe('ana@example.com');
  expect(personLabel('slack:UNKNOWN', undefined)).toBe('someone on Slack');
  expect(personLabel('teams:29:zz', undefined)).toBe('someone on Teams');
});

test('counts take the right number of their noun', () => {
  expect(plural(1, 'attempt')).toBe('1 attempt');
  expect(plural(0, 'digest')).toBe('0 digests');
  expect(plural(3, 'reply', 'replies')).toBe('3 replies');
});

test('a typed name is near a registered one it starts like, contains, or misspells', () => {
  expect(nameDistance('Nudger', 'Nudge bot')).toBeLessThanOrEqual(suggestionLimit('Nudger'));
  expect(nameDistance('tracker', 'Expense tracker')).toBe(1);
  expect(nameDistance('Mail sortr', 'Mail sorter')).toBe(1);
  expect(nameDistance('NUDGE BOT', 'Nudge bot')).toBe(0);
  expect(nameDistance('Zzyzx quux', 'Nudge bot')).toBeGreaterThan(suggestionLimit('Zzyzx quux'));
  expect(nameDistance('ab', 'Nudge bot', 2)).toBe(2);
});

test('app.not_found says what was asked, with the suggestion or the apps an id prefix matches; without it, the general words', () => {
  const said = (details: ConstructorParameters<typeof AppError>[2]) =>
    describeError(new AppError('app.not_found', 'x', details)).text;
  expect(said({ asked: 'Nudger', suggestions: ['Nudge bot'] })).toBe(
    'No app called "Nudger". Did you mean "Nudge bot"?',
  );
  expect(said({ asked: '1b68', matches: ['Nudge bot', 'Mail sorter'] })).toBe(
    'More than one app has an id starting "1b68" ("Nudge bot", "Mail sorter"); give more of the id, or the name.',
  );
  expect(said({})).toBe('No app by that name or id is registered. Check the spelling, or list your apps.');
});

test('a date near midnight lands on the reader’s calendar day, and a configured zone is named', () => {
  const lateEvening = '2027-12-06T23:30:00.000Z';
  expect(day(lateEvening)).toBe('6 Dec 2027');
  expect(day(lateEvening, 'Europe/Berlin')).toBe('7 Dec 2027');
  expect(zonedMoment(lateEvening)).toBe('6 Dec 2027, 23:30 UTC');
  expect(zonedMoment(lateEvening, 'Europe/Berlin')).toBe('7 Dec 2027, 00:30 Europe/Berlin');
  expect(zoneName('Not/AZone')).toBe('UTC');
  expect(unknownZoneNote(undefined)).toMatch(/in UTC/);
  expect(unknownZoneNote('Europe/Berlin')).toBeUndefined();
});

test('days between two moments are calendar days in the reader’s zone, not rounded 24-hour spans', () => {
  expect(calendarDaysBetween('2027-12-06T22:00:00.000Z', '2027-12-06T23:30:00.000Z')).toBe(0);
  expect(calendarDaysBetween('2027-12-06T22:00:00.000Z', '2027-12-06T23:30:00.000Z', 'Europe/Berlin')).toBe(1);
  expect(calendarDaysBetween('2027-12-01T08:00:00.000Z', '2027-12-06T07:00:00.000Z')).toBe(5);
  expect(calendarDaysBetween('2027-12-06T20:00:00.000Z', '2027-12-10T10:00:00.000Z', 'Pacific/Auckland')).toBe(3);
  expect(calendarDaysBetween('2027-12-06T20:00:00.000Z', '2027-12-10T10:00:00.000Z')).toBe(4);
});
