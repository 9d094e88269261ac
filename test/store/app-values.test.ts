import { parseAppValue } from '../../src/domain/app-value';
import { isAppError } from '../../src/domain/errors';
import { DIALECTS, createTestRegistry } from '../support/test-databases';

describe.each(DIALECTS)('value answers on %s', (kind) => {
  test('each app gives its newest answer, fractions and blanks kept as given', async () => {
    const registry = await createTestRegistry(kind);
    try {
      await registry.transaction(async (tx) => {
        await tx.values.record({
          appId: 'a1',
          revisionId: 'r1',
          hoursSavedPerMonth: 4,
          users: 3,
          answeredBy: 'ana@example.com',
          answeredAt: '2026-01-01T10:00:00.000Z',
        });
        await tx.values.record({
          appId: 'a1',
          revisionId: 'r2',
          hoursSavedPerMonth: 12.5,
          answeredBy: 'ana@example.com',
          answeredAt: '2027-01-01T10:00:00.000Z',
        });
        await tx.values.record({
          appId: 'a2',
          revisionId: 'r9',
          users: 40,
          answeredBy: 'bo@example.com',
          answeredAt: '2026-06-01T10:00:00.000Z',
        });
      });
      const latest = await registry.read((tx) => tx.values.latest(['a1', 'a2', 'a3']));
      expect(latest.get('a1')).toEqual({
        appId: 'a1',
        revisionId: 'r2',
        hoursSavedPerMonth: 12.5,
        users: undefined,
        answeredBy: 'ana@example.com',
        answeredAt: '2027-01-01T10:00:00.000Z',
      });
      expect(latest.get('a2')).toMatchObject({ users: 40, hoursSavedPerMonth: undefined });
      expect(latest.has('a3')).toBe(false);
    } finally {
      await registry.close();
    }
  });
});

test('typed answers: numbers with words and thousands separators are read; anything else is refused with how to write it', () => {
  expect(parseAppValue({ hoursSavedPerMonth: ' about 20 hours ', users: '1,200' })).toEqual({
    hoursSavedPerMonth: 20,
    users: 1200,
  });
  expect(parseAppValue({ hoursSavedPerMonth: '2.54', users: '' })).toEqual({ hoursSavedPerMonth: 2.5 });
  expect(parseAppValue({})).toEqual({});
  for (const [typed, words] of [
    [
      { users: '3.5' },
      /"3.5" is not an answer to "About how many people use it\?" Give a whole number from 0 to 10,000,000/,
    ],
    [{ hoursSavedPerMonth: '-4' }, /Give a number from 0 to 1,000,000, like 20, or leave it blank/],
    [{ hoursSavedPerMonth: 'lots' }, /"lots" is not an answer/],
    [{ users: '1e9' }, /whole number from 0 to 10,000,000/],
  ] as const) {
    try {
      parseAppValue(typed);
      throw new Error('accepted');
    } catch (error) {
      expect(isAppError(error, 'value.invalid')).toBe(true);
      expect((error as Error).message).toMatch(words);
    }
  }
});
