import { createPeopleDirectory } from '../../src/people/people-directory';
import { DeliveryError } from '../../src/ports/delivery-error';
import type { FakeMessenger } from '../delivery/fake-messenger';
import { createFakeMessenger } from '../delivery/fake-messenger';
import { DIALECTS, createTestRegistry } from '../support/test-databases';

const T0 = Date.parse('2026-11-21T10:00:00.000Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

for (const dialect of DIALECTS) {
  describe(`people directory on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    let slack: FakeMessenger;
    let nowMs = T0;
    const clock = { now: () => new Date(nowMs) };
    const directory = () =>
      createPeopleDirectory({ people: registry.people, messengers: new Map([['slack', slack.messenger]]), clock });

    beforeEach(async () => {
      nowMs = T0;
      registry = await createTestRegistry(dialect);
      slack = createFakeMessenger('slack');
    });
    afterEach(() => registry.close());

    test('remember merges a ref and an email into one person, found by either', async () => {
      const people = registry.people;
      const slackSide = await people.remember(
        { ref: 'slack:U1', displayName: 'Ana', timeZone: 'Europe/Berlin', active: true },
        new Date(T0).toISOString(),
      );
      const teamsSide = await people.remember(
        { ref: 'teams:T1', email: 'Ana@Example.com', active: true },
        new Date(T0 + 1).toISOString(),
      );
      expect(teamsSide.email).toBe('ana@example.com');
      expect(teamsSide.id).not.toBe(slackSide.id);

      const merged = await people.remember(
        { ref: 'slack:U1', email: 'ANA@example.com', active: true },
        new Date(T0 + 2).toISOString(),
      );
      expect(merged).toMatchObject({
        refs: ['slack:U1', 'teams:T1'],
        email: 'ana@example.com',
        displayName: 'Ana',
        timeZone: 'Europe/Berlin',
        active: true,
        refreshedAt: new Date(T0 + 2).toISOString(),
      });
      for (const key of ['slack:U1', 'teams:T1', 'ana@example.com', ' Ana@EXAMPLE.com '])
        expect(await people.find(key)).toEqual(merged);
      expect(await people.find('slack:u1')).toBeUndefined();
      expect(await people.find('bob@example.com')).toBeUndefined();
    });

    test('remember adds facts to the person and keeps what the new facts leave out', async () => {
      const people = registry.people;
      await people.remember(
        { ref: 'slack:U2', email: 'bo@example.com', displayName: 'Bo', timeZone: 'Asia/Tokyo', active: true },
        new Date(T0).toISOString(),
      );
      const later = await people.remember(
        { ref: 'teams:T2', email: 'bo@example.com', active: false, seenAt: new Date(T0 + 5).toISOString() },
        new Date(T0 + 5).toISOString(),
      );
      expect(later).toMatchObject({
        refs: ['slack:U2', 'teams:T2'],
        displayName: 'Bo',
        timeZone: 'Asia/Tokyo',
        active: false,
        lastSeenAt: new Date(T0 + 5).toISOString(),
      });
      expect((await people.find('slack:U2'))!.id).toBe(later.id);
    });

    test('lookup asks the platform only when the stored record is stale', async () => {
      const d = directory();
      await d.remember({ ref: 'slack:U1', email: 'ana@example.com', displayName: 'Ana', active: true });
      nowMs += 2 * MINUTE;
      expect(await d.lookup('slack:U1')).toMatchObject({ displayName: 'Ana' });
      expect(await directory().lookup('ana@example.com')).toMatchObject({ displayName: 'Ana' });
      nowMs += 23 * HOUR;
      expect(await directory().lookup('slack:U1')).toMatchObject({ displayName: 'Ana' });
      expect(slack.callsOf('findPerson')).toEqual([]);

      slack.learn({
        ref: 'slack:U1',
        email: 'ana@example.com',
        displayName: 'Ana Lima',
        timeZone: 'America/Sao_Paulo',
        active: true,
      });
      nowMs += 2 * HOUR;
      const fresh = await directory().lookup('slack:U1');
      expect(slack.callsOf('findPerson').map((c) => c.args[0])).toEqual([{ userId: 'U1' }]);
      expect(fresh).toMatchObject({
        displayName: 'Ana Lima',
        timeZone: 'America/Sao_Paulo',
        refreshedAt: new Date(nowMs).toISOString(),
      });
      expect(await registry.people.find('ana@example.com')).toMatchObject({ displayName: 'Ana Lima' });

      nowMs += 2 * MINUTE;
      await directory().lookup('slack:U1');
      expect(slack.callsOf('findPerson')).toHaveLength(1);
    });

    test('lookup by a stale email asks by email, lower-cased', async () => {
      const d = directory();
      await d.remember({ ref: 'slack:U3', email: 'cy@example.com', displayName: 'Cy', active: true });
      slack.learn({ ref: 'slack:U3', email: 'cy@example.com', displayName: 'Cyrus', active: true });
      nowMs += 25 * HOUR;
      expect(await d.lookup('Cy@Example.COM')).toMatchObject({ displayName: 'Cyrus', refs: ['slack:U3'] });
      expect(slack.callsOf('findPerson').map((c) => c.args[0])).toEqual([{ email: 'cy@example.com' }]);
    });

    test('when the platform fails, lookup falls back to the stored record and does not ask again at once', async () => {
      const d = directory();
      const stored = await d.remember({ ref: 'slack:U1', displayName: 'Ana', active: true });
      slack.on.findPerson = () => {
        throw new DeliveryError({ code: 'http_503', permanent: false, fix: 'It is retried.' });
      };
      nowMs += 25 * HOUR;
      expect(await d.lookup('slack:U1')).toEqual(stored);
      expect(await d.lookup('slack:U1')).toEqual(stored);
      expect(slack.callsOf('findPerson')).toHaveLength(1);
      expect(await d.lookup('slack:UNKNOWN')).toBeUndefined();
      expect(await d.lookup('teams:T9')).toBeUndefined();
    });

    test('resolve tells nobody from could-not-ask: a failing platform, or none to ask, is never "nobody"', async () => {
      const d = directory();
      slack.on.findPerson = () => {
        throw new DeliveryError({ code: 'http_503', permanent: false, fix: 'It is retried.' });
      };
      expect(await d.lookup('dee@example.com')).toBeUndefined();
      expect(await d.resolve('dee@example.com')).toEqual({ sure: false });
      expect(await d.resolve('slack:U5')).toEqual({ sure: false });
      delete slack.on.findPerson;
      slack.learn({ ref: 'slack:U5', email: 'dee@example.com', displayName: 'Dee', active: true });
      expect(await d.resolve('dee@example.com')).toMatchObject({ person: { displayName: 'Dee' }, sure: true });
      expect(await d.resolve('slack:U404')).toEqual({ sure: true });
      expect(await d.resolve('teams:T9')).toEqual({ sure: false });

      const offline = createPeopleDirectory({ people: registry.people, messengers: new Map(), clock });
      expect(await offline.resolve('slack:U5')).toMatchObject({ person: { displayName: 'Dee' }, sure: true });
      expect(await offline.resolve('eve@example.com')).toEqual({ sure: false });
      nowMs += 25 * HOUR;
      expect(await offline.resolve('slack:U5')).toMatchObject({ person: { displayName: 'Dee' }, sure: true });
    });

    test('lookup of someone the directory has never seen asks the platform and remembers them', async () => {
      slack.learn({
        ref: 'slack:U5',
        email: 'dee@example.com',
        displayName: 'Dee',
        timeZone: 'Europe/Paris',
        active: true,
      });
      const d = directory();
      expect(await d.lookup('slack:U5')).toMatchObject({
        refs: ['slack:U5'],
        email: 'dee@example.com',
        displayName: 'Dee',
        timeZone: 'Europe/Paris',
      });
      expect(await registry.people.find('dee@example.com')).toMatchObject({ displayName: 'Dee' });
      expect(await d.lookup('slack:U404')).toBeUndefined();
    });

    test('names gives display names for refs and emails it knows, the email when that is all it knows, and nothing for the rest', async () => {
      const d = directory();
      await d.remember({ ref: 'slack:U1', email: 'ana@example.com', displayName: 'Ana', active: true });
      await d.remember({ ref: 'slack:U2', active: true });
      await d.remember({ ref: 'slack:U3', email: 'bo@example.com', active: true });
      slack.learn({ ref: 'slack:U6', displayName: 'Eve', active: true });
      expect(
        await d.names([
          'slack:U1',
          'ana@example.com',
          undefined,
          'slack:U2',
          'slack:U3',
          'slack:U6',
          'slack:U404',
          'slack:U1',
        ]),
      ).toEqual({ 'slack:U1': 'Ana', 'ana@example.com': 'Ana', 'slack:U3': 'bo@example.com', 'slack:U6': 'Eve' });
      expect(await d.names([])).toEqual({});
    });

    test('seen notes when someone was last seen, at most once an hour', async () => {
      const d = directory();
      await d.remember({ ref: 'slack:U1', displayName: 'Ana', active: true });
      expect((await d.seen('slack:U1'))!.lastSeenAt).toBe(new Date(T0).toISOString());
      nowMs += 30 * MINUTE;
      expect((await d.seen('slack:U1'))!.lastSeenAt).toBe(new Date(T0).toISOString());
      nowMs += 31 * MINUTE;
      expect((await d.seen('slack:U1'))!.lastSeenAt).toBe(new Date(nowMs).toISOString());
      expect((await registry.people.find('slack:U1'))!.lastSeenAt).toBe(new Date(nowMs).toISOString());
      expect(await d.seen('slack:U404')).toBeUndefined();
    });
  });
}
