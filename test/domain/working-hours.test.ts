import { addBusinessDays, isWorkingTime, nextWorkingTime, parseHours } from '../../src/domain/working-hours';

const weekdays = [1, 2, 3, 4, 5];
const berlin = { startMinute: 9 * 60, endMinute: 17 * 60, days: weekdays, timeZone: 'Europe/Berlin' };
const newYork = { ...berlin, timeZone: 'America/New_York' };

describe('working hours', () => {
  test('reads "09:00-17:00" and refuses what is not a span of the day', () => {
    expect(parseHours('09:00-17:00')).toEqual({ startMinute: 540, endMinute: 1020 });
    expect(parseHours(' 8:30 – 16:45 ')).toEqual({ startMinute: 510, endMinute: 1005 });
    expect(parseHours('17:00-09:00')).toBeUndefined();
    expect(parseHours('9-5')).toBeUndefined();
    expect(parseHours(undefined)).toBeUndefined();
  });

  test('Berlin across the end of daylight saving (25 Oct 2026): 09:00 local is 07:00 UTC before, 08:00 UTC after', () => {
    expect(isWorkingTime(new Date('2026-10-23T07:00:00Z'), berlin)).toBe(true);
    expect(isWorkingTime(new Date('2026-10-23T06:59:00Z'), berlin)).toBe(false);
    expect(isWorkingTime(new Date('2026-10-26T07:30:00Z'), berlin)).toBe(false);
    expect(isWorkingTime(new Date('2026-10-26T08:00:00Z'), berlin)).toBe(true);
    expect(nextWorkingTime(new Date('2026-10-24T12:00:00Z'), berlin).toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });

  test('New York across the start of daylight saving (8 Mar 2026): 09:00 local is 14:00 UTC before, 13:00 UTC after', () => {
    expect(nextWorkingTime(new Date('2026-03-06T22:00:00Z'), newYork).toISOString()).toBe('2026-03-09T13:00:00.000Z');
    expect(isWorkingTime(new Date('2026-03-06T13:30:00Z'), newYork)).toBe(false);
    expect(isWorkingTime(new Date('2026-03-09T13:30:00Z'), newYork)).toBe(true);
    expect(isWorkingTime(new Date('2026-03-09T21:00:00Z'), newYork)).toBe(false);
  });

  test('the next working minute is now when inside the hours, and never earlier than asked', () => {
    const at = new Date('2026-11-24T10:00:30Z');
    expect(nextWorkingTime(at, { ...berlin, timeZone: 'UTC' }).toISOString()).toBe('2026-11-24T10:01:00.000Z');
    expect(nextWorkingTime(new Date('2026-11-24T16:59:00Z'), { ...berlin, timeZone: 'UTC' }).toISOString()).toBe(
      '2026-11-24T16:59:00.000Z',
    );
    expect(nextWorkingTime(new Date('2026-11-24T17:00:00Z'), { ...berlin, timeZone: 'UTC' }).toISOString()).toBe(
      '2026-11-25T09:00:00.000Z',
    );
  });

  test('business days skip the weekend', () => {
    expect(addBusinessDays(new Date('2026-11-20T10:00:00Z'), 1).toISOString()).toBe('2026-11-23T10:00:00.000Z');
    expect(addBusinessDays(new Date('2026-11-23T10:00:00Z'), 5).toISOString()).toBe('2026-11-30T10:00:00.000Z');
    expect(addBusinessDays(new Date('2026-11-21T10:00:00Z'), 2).toISOString()).toBe('2026-11-24T10:00:00.000Z');
  });
});
