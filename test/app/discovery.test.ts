import { createCore } from '../../src/app/create-core';
import type { Actor } from '../../src/domain/actor';
import { createPeopleDirectory } from '../../src/people/people-directory';
import type { Policy } from '../../src/policy/policy';
import type { DiscoveredFacts } from '../../src/ports/discovery-source';
import type { Registry } from '../../src/ports/registry';
import { createSecretScanner } from '../../src/secrets/scan-secrets';
import { fact, fakeDiscoverySource } from '../support/fake-discovery-source';
import { tier1 } from '../support/manifests';
import { silentLogger } from '../support/silent-logger';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { loadTestPolicy } from '../support/test-policy';

const admin: Actor = { platform: 'cli', userId: 'ops' };
const owner: Actor = { platform: 'slack', userId: 'UOWNER' };

for (const dialect of DIALECTS) {
  describe(`discovery scans on ${dialect}`, () => {
    let registry: Registry;
    let policy: Policy;
    const state = { now: new Date('2026-12-07T10:00:00.000Z') };
    let items: DiscoveredFacts[];
    let waits: number[];
    const source = () => fakeDiscoverySource('teams-apps', () => items, { pageSize: 2, paceMs: 50 });
    let src: ReturnType<typeof source>;
    const other = fakeDiscoverySource('github', () => [fact('acme/nudger', 'Nudger', { kind: 'repository' })]);
    const core = () =>
      createCore({
        registry,
        policy: () => policy,
        scanner: createSecretScanner(),
        clock: { now: () => state.now },
        logger: silentLogger,
        directory: createPeopleDirectory({
          people: registry.people,
          messengers: new Map(),
          clock: { now: () => state.now },
        }),
        platforms: ['slack'],
        discoverySources: [src, other],
        sleep: async (ms) => void waits.push(ms),
      });
    const later = (hours: number) => (state.now = new Date(state.now.getTime() + hours * 3_600_000));
    const states = async () =>
      Object.fromEntries((await core().listDiscovered({ source: 'teams-apps' })).map((i) => [i.externalId, i.state]));

    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
      policy = await loadTestPolicy();
      state.now = new Date('2026-12-07T10:00:00.000Z');
      items = [fact('a', 'Expense helper'), fact('b'), fact('c'), fact('d'), fact('e')];
      waits = [];
      src = source();
    });
    afterEach(() => registry.close());

    test('pages to the end at the source pace; a rescan updates and never double counts', async () => {
      const [first, second] = await core().runDiscovery();
      expect(first).toMatchObject({ source: 'teams-apps', outcome: 'complete', pages: 3, items: 5, added: 5, gone: 0 });
      expect(second).toMatchObject({ source: 'github', outcome: 'complete', items: 1 });
      expect(src.asked).toEqual([undefined, '1', '2']);
      expect(waits.length).toBe(2);
      for (const w of waits) expect(w).toBeGreaterThan(0);
      expect(waits.every((w) => w <= 50)).toBe(true);
      items[0] = fact('a', 'Expense helper v2');
      later(1);
      const [again] = await core().runDiscovery({ source: 'teams-apps' });
      expect(again).toMatchObject({ outcome: 'complete', items: 5, added: 0 });
      const listed = await core().listDiscovered({ source: 'teams-apps' });
      expect(listed).toHaveLength(5);
      expect(listed.find((i) => i.externalId === 'a')).toMatchObject({
        name: 'Expense helper v2',
        firstSeenAt: '2026-12-07T10:00:00.000Z',
        lastSeenAt: '2026-12-07T11:00:00.000Z',
        state: 'new',
      });
      const status = await core().discoveryCoverage();
      expect(status.sources.find((s) => s.source === 'teams-apps')).toMatchObject({ discovered: 5, registered: 0 });
    });

    test('a permanent failure is recorded with its fix on that source only; the others still scan', async () => {
      src.failNext.push({ permanent: true });
      const [teams, github] = await core().runDiscovery();
      expect(teams).toMatchObject({
        outcome: 'failed',
        error: { code: 'missing_scope', fix: 'Give the token the admin.apps:read scope.', permanent: true },
      });
      expect(src.asked).toHaveLength(1);
      expect(github).toMatchObject({ outcome: 'complete', items: 1 });
      const status = await core().discoveryCoverage();
      expect(status.sources.find((s) => s.source === 'teams-apps')?.error).toMatchObject({ code: 'missing_scope' });
      expect(status.sources.find((s) => s.source === 'github')?.error).toBeUndefined();
      await core().runDiscovery({ source: 'teams-apps' });
      expect((await core().discoveryCoverage()).sources.find((s) => s.source === 'teams-apps')?.error).toBeUndefined();
    });

    test('a transient failure is retried after its retry-after, then the scan succeeds', async () => {
      src.failNext.push({ permanent: false, retryAfterMs: 30_000 }, { permanent: false });
      const [teams] = await core().runDiscovery({ source: 'teams-apps' });
      expect(teams).toMatchObject({ outcome: 'complete', items: 5 });
      expect(src.asked).toEqual([undefined, undefined, undefined, '1', '2']);
      expect(waits).toContain(30_000);
      expect(waits).toContain(2000);
    });

    test('a source asking to wait longer than five minutes stops the scan at once, to resume from that page', async () => {
      src.failNext.push({ permanent: false, retryAfterMs: 3_600_000 });
      const [teams] = await core().runDiscovery({ source: 'teams-apps' });
      expect(teams).toMatchObject({ outcome: 'failed', error: { permanent: false } });
      expect(src.asked).toEqual([undefined]);
      expect(waits).toEqual([]);
    });

    test('an item missing from 3 complete scans in a row is gone; a failed scan does not count; a sighting resets it', async () => {
      await core().runDiscovery({ source: 'teams-apps' });
      items = items.filter((i) => i.externalId !== 'e');
      for (let scan = 1; scan <= 2; scan++) {
        later(24);
        await core().runDiscovery({ source: 'teams-apps' });
      }
      expect((await states()).e).toBe('new');
      later(24);
      src.failNext.push(
        { permanent: false },
        { permanent: false },
        { permanent: false },
        { permanent: false },
        { permanent: false },
      );
      expect((await core().runDiscovery({ source: 'teams-apps' }))[0]!.outcome).toBe('failed');
      expect((await states()).e).toBe('new');
      const [third] = await core().runDiscovery({ source: 'teams-apps' });
      expect(third).toMatchObject({ outcome: 'complete', gone: 1 });
      expect((await states()).e).toBe('gone');
      expect((await core().discoveryCoverage()).sources.find((s) => s.source === 'teams-apps')).toMatchObject({
        discovered: 4,
        gone: 1,
      });
      items.push(fact('e'));
      await core().runDiscovery({ source: 'teams-apps' });
      expect((await states()).e).toBe('new');
    });

    test('a scan cut short resumes from its stored cursor; what it saw is not counted as missed', async () => {
      await core().runDiscovery({ source: 'teams-apps' });
      later(24);
      src.asked.length = 0;
      src.failNext.push(...[]);
      const cut = fakeDiscoverySource('teams-apps', () => items, { pageSize: 2 });
      let served = 0;
      const dying = {
        ...cut,
        async scanPage(cursor?: string) {
          if (++served > 2) throw new Error('process killed');
          return cut.scanPage(cursor);
        },
      };
      src = dying as typeof src;
      const [stopped] = await core().runDiscovery({ source: 'teams-apps' });
      expect(stopped).toMatchObject({ outcome: 'failed', pages: 2 });
      const status = (await core().discoveryCoverage()).sources.find((s) => s.source === 'teams-apps');
      expect(status).toMatchObject({ pagesInProgress: 2, gone: 0 });
      expect(
        (await registry.read((tx) => tx.discovered.list({ source: 'teams-apps', now: state.now.toISOString() }))).every(
          (i) => i.missedScans === 0,
        ),
      ).toBe(true);
      src = source();
      const [resumed] = await core().runDiscovery({ source: 'teams-apps' });
      expect(resumed).toMatchObject({ outcome: 'complete', resumed: true, pages: 1, items: 1, gone: 0 });
      expect(src.asked).toEqual(['2']);
    });

    test('a shutdown stops a scan after its page, frees the source and the next run resumes', async () => {
      const stopping = new AbortController();
      const inner = source();
      src = {
        ...inner,
        async scanPage(cursor?: string) {
          stopping.abort();
          return inner.scanPage(cursor);
        },
      } as typeof src;
      const [stopped] = await core().runDiscovery({ dueOnly: true, signal: stopping.signal });
      expect(stopped).toMatchObject({ outcome: 'stopped', pages: 1 });
      const progress = await registry.read((tx) => tx.discovered.progress('teams-apps'));
      expect(progress).toMatchObject({ cursor: '1', pages: 1, lease: undefined });
      src = source();
      const [resumed] = await core().runDiscovery({ dueOnly: true });
      expect(resumed).toMatchObject({ outcome: 'complete', resumed: true, items: 3 });
      expect(src.asked).toEqual(['1', '2']);
    });

    test('the scheduler scans a source only when due, and leaves one another process holds', async () => {
      const run = () => core().runDiscovery({ dueOnly: true });
      expect((await run()).map((o) => o.outcome)).toEqual(['complete', 'complete']);
      later(23);
      expect((await run()).map((o) => o.outcome)).toEqual(['not-due', 'not-due']);
      later(1);
      await registry.transaction((tx) =>
        tx.discovered.saveProgress({
          source: 'teams-apps',
          pages: 0,
          lastCompleteAt: '2026-12-07T10:00:00.000Z',
          scanId: 'other',
          lease: { owner: 'another replica', until: new Date(state.now.getTime() + 60_000).toISOString() },
        }),
      );
      expect((await run()).map((o) => o.outcome)).toEqual(['busy', 'complete']);
    });

    test('after a failure that may pass by itself the source is due again in an hour; after a permanent one, at the usual time', async () => {
      const run = (source: string) => core().runDiscovery({ dueOnly: true, source });
      src.failNext.push({ permanent: false, retryAfterMs: 3_600_000 });
      expect((await run('teams-apps'))[0]).toMatchObject({ outcome: 'failed' });
      later(0.5);
      expect((await run('teams-apps'))[0]).toMatchObject({ outcome: 'not-due' });
      later(0.6);
      expect((await run('teams-apps'))[0]).toMatchObject({ outcome: 'complete', items: 5 });

      src.failNext.push({ permanent: true });
      later(24);
      expect((await run('teams-apps'))[0]).toMatchObject({ outcome: 'failed' });
      later(2);
      expect((await run('teams-apps'))[0]).toMatchObject({ outcome: 'not-due' });
      later(22);
      expect((await run('teams-apps'))[0]).toMatchObject({ outcome: 'complete' });
    });

    test('secrets in names, urls and people are never stored', async () => {
      const token = ['xoxb', '123456789012', '123456789012', 'abcdefghijABCDEFGHIJabcd'].join('-');
      items = [
        fact('s1', `Bot ${token}`, {
          url: `https://hooks.example.com/?token=${token}`,
          people: [{ displayName: token, email: 'raj@example.com' }],
        }),
      ];
      const [o] = await core().runDiscovery({ source: 'teams-apps' });
      expect(o!.withheld).toBeGreaterThanOrEqual(2);
      const [stored] = await core().listDiscovered({ source: 'teams-apps' });
      expect(JSON.stringify(stored)).not.toContain(token);
      expect(stored!.name).toMatch(/withheld/);
      expect(stored!.people).toEqual([{ email: 'raj@example.com' }]);
    });

    test('a registration listing the ref moves coverage up; its latest revision decides; names are only suggested', async () => {
      await core().runDiscovery();
      const before = await core().discoveryCoverage();
      expect(before.sources.find((s) => s.source === 'teams-apps')!.coverage).toBe(0);
      const suggested = (await core().listDiscovered({ source: 'teams-apps' })).find((i) => i.externalId === 'a');
      expect(suggested).toMatchObject({ state: 'new' });
      later(48);
      await core().submitRegistration(tier1({ name: 'Expense helper app', externalRefs: ['teams-apps:b'] }), owner);
      const listed = await core().listDiscovered({ source: 'teams-apps' });
      expect(listed.find((i) => i.externalId === 'a')).toMatchObject({
        state: 'new',
        suggestion: 'Expense helper app',
      });
      expect(listed.find((i) => i.externalId === 'b')).toMatchObject({
        state: 'registered',
        matchedAppName: 'Expense helper app',
      });
      const after = await core().discoveryCoverage();
      const teams = after.sources.find((s) => s.source === 'teams-apps')!;
      expect(teams).toMatchObject({ discovered: 5, registered: 1, unregistered: 4, coverage: 0.2 });
      expect(teams.medianDaysToRegister).toBe(2);
      expect(after.coverage).toBeCloseTo(1 / 6);
      await core().updateApp('Expense helper app', tier1({ name: 'Expense helper app', externalRefs: [] }), owner);
      expect((await core().discoveryCoverage()).sources.find((s) => s.source === 'teams-apps')!.registered).toBe(0);
      await core().decommissionApp('Expense helper app', { planCarriedOut: true, dataPurged: true }, owner);
      const retired = await core().listDiscovered({ source: 'teams-apps' });
      expect(retired.find((i) => i.externalId === 'a')?.suggestion).toBeUndefined();
    });

    test('an ignored item leaves coverage until its day has passed', async () => {
      await core().runDiscovery({ source: 'teams-apps' });
      await expect(core().ignoreDiscoveredItem({ item: 'teams-apps:a', until: '2026-12-31' }, admin)).rejects.toThrow(
        /--reason/,
      );
      await expect(
        core().ignoreDiscoveredItem({ item: 'teams-apps:a', reason: 'vendor tool', until: '31/12/2026' }, admin),
      ).rejects.toThrow(/2027-03-31/);
      await expect(
        core().ignoreDiscoveredItem({ item: 'teams-apps:zz', reason: 'vendor tool', until: '2026-12-31' }, admin),
      ).rejects.toThrow(/No discovered item/);
      const ignored = await core().ignoreDiscoveredItem(
        { item: 'teams-apps:a', reason: 'vendor tool', until: '2026-12-31', timeZone: 'Europe/Berlin' },
        admin,
      );
      expect(ignored.ignored?.until).toBe('2026-12-31T23:00:00.000Z');
      expect((await core().discoveryCoverage()).sources.find((s) => s.source === 'teams-apps')).toMatchObject({
        discovered: 5,
        ignored: 1,
        unregistered: 4,
      });
      expect((await registry.audit.events(0, 50)).map((e) => e.action)).toContain('discovery.ignored');
      state.now = new Date('2027-01-01T00:00:00.000Z');
      expect((await states()).a).toBe('new');
    });
  });
}
