import type { DiscoveredFacts } from '../../src/ports/discovery-source';
import type { Registry } from '../../src/ports/registry';
import { DIALECTS, createTestRegistry } from '../support/test-databases';

const T0 = '2026-12-07T10:00:00.000Z';
const T1 = '2026-12-08T10:00:00.000Z';
const item = (id: string, over: Partial<DiscoveredFacts> = {}): DiscoveredFacts => ({
  externalId: id,
  name: `App ${id}`,
  kind: 'app',
  people: [{ displayName: 'Ana Lima', email: 'ana@example.com' }],
  ...over,
});

for (const dialect of DIALECTS) {
  describe(`discovered items store on ${dialect}`, () => {
    let registry: Registry;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
    });
    afterEach(() => registry.close());
    const tx: Registry['transaction'] = (work) => registry.transaction(work);

    test('upserts count new items once, keep first sighting, and round-trip every fact', async () => {
      const full = item('a', {
        kind: 'bot',
        people: [{ ref: 'slack:U1' }, { sourceId: 'octocat' }],
        createdAt: '2026-01-01T00:00:00.000Z',
        lastModifiedAt: '2026-02-01T00:00:00.000Z',
        lastUsedAt: '2026-03-01T00:00:00.000Z',
        url: 'https://example.com/a',
        permissions: ['chat:write', 'files:read'],
      });
      expect(await tx((t) => t.discovered.upsert('slack', 's1', [full, item('b')], T0))).toBe(2);
      expect(await tx((t) => t.discovered.upsert('slack', 's2', [{ ...full, name: 'Renamed' }, item('c')], T1))).toBe(
        1,
      );
      const [a] = await registry.read((t) => t.discovered.find('slack:a', T1));
      expect(a).toEqual({
        ...full,
        name: 'Renamed',
        source: 'slack',
        ref: 'slack:a',
        firstSeenAt: T0,
        lastSeenAt: T1,
        claim: 'new',
        state: 'new',
        missedScans: 0,
        goneAt: undefined,
        ignored: undefined,
        matchedAppId: undefined,
        weight: 3,
      });
      expect((await registry.read((t) => t.discovered.find('b', T1))).map((i) => i.ref)).toEqual(['slack:b']);
      expect(await registry.read((t) => t.discovered.list({ source: 'slack', now: T1 }))).toHaveLength(3);
    });

    test('a complete scan counts misses; at the threshold items are gone; a sighting brings them back', async () => {
      await tx((t) => t.discovered.upsert('gh', 's1', [item('a'), item('b')], T0));
      await tx((t) => t.discovered.upsert('other', 'o1', [item('a')], T0));
      await tx((t) => t.discovered.upsert('gh', 's2', [item('a')], T1));
      expect(await tx((t) => t.discovered.completeScan('gh', 's2', T1, 2))).toEqual({ gone: 0 });
      await tx((t) => t.discovered.upsert('gh', 's3', [item('a')], T1));
      expect(await tx((t) => t.discovered.completeScan('gh', 's3', T1, 2))).toEqual({ gone: 1 });
      const counts = await registry.read((t) => t.discovered.counts(T1));
      expect(counts).toEqual(
        expect.arrayContaining([
          { source: 'gh', state: 'new', items: 1, weight: 1 },
          { source: 'gh', state: 'gone', items: 1, weight: 1 },
          { source: 'other', state: 'new', items: 1, weight: 1 },
        ]),
      );
      await tx((t) => t.discovered.upsert('gh', 's4', [item('b')], T1));
      const [b] = await registry.read((t) => t.discovered.find('gh:b', T1));
      expect(b).toMatchObject({ state: 'new', missedScans: 0, goneAt: undefined, firstSeenAt: T0 });
    });

    test('scan progress round-trips and is replaced whole', async () => {
      const p = {
        source: 'teams-apps',
        scanId: 'scan-1',
        cursor: 'https://graph.example/next?$skiptoken=abc',
        startedAt: T0,
        pages: 4,
        lastCompleteAt: T0,
        error: { code: 'rate_limited', fix: 'Wait.', at: T1 },
        lease: { owner: 'replica-1', until: T1 },
      };
      await tx((t) => t.discovered.saveProgress(p));
      expect(await registry.read((t) => t.discovered.progress('teams-apps'))).toEqual(p);
      await tx((t) => t.discovered.saveProgress({ source: 'teams-apps', pages: 0, lastCompleteAt: T1 }));
      expect(await registry.read((t) => t.discovered.allProgress())).toEqual([
        {
          source: 'teams-apps',
          pages: 0,
          lastCompleteAt: T1,
          scanId: undefined,
          cursor: undefined,
          startedAt: undefined,
          error: undefined,
          lease: undefined,
        },
      ]);
    });

    test('an ignore holds until its end; the counts follow it', async () => {
      await tx((t) => t.discovered.upsert('zapier', 'i1', [item('z1', { permissions: ['a', 'b'] })], T0));
      await tx((t) => t.discovered.ignore('zapier:z1', { reason: 'vendor', until: T1, by: 'cli:ops', at: T0 }));
      expect(await registry.read((t) => t.discovered.counts(T0))).toEqual([
        { source: 'zapier', state: 'ignored', items: 1, weight: 3 },
      ]);
      expect(await registry.read((t) => t.discovered.list({ state: 'ignored', now: T0 }))).toHaveLength(1);
      expect(await registry.read((t) => t.discovered.counts(T1))).toEqual([
        { source: 'zapier', state: 'new', items: 1, weight: 3 },
      ]);
    });
    test('questions: asked once, kept through rescans, counted per person; answers and admin notes recorded', async () => {
      await tx((t) => t.discovered.upsert('zap', 's1', [item('a'), item('b'), item('c'), item('d')], T0));
      await tx((t) =>
        t.discovered.ignore('zap:d', {
          reason: 'vendor tool',
          until: '2027-01-01T00:00:00.000Z',
          by: 'cli:ops',
          at: T0,
        }),
      );
      const awaiting = () => registry.read((t) => t.discovered.awaitingQuestion(T1, 10));
      expect((await awaiting()).map((i) => i.ref)).toEqual(['zap:a', 'zap:b', 'zap:c']);
      expect(await tx((t) => t.discovered.markAsked('zap:a', 'slack:UANA', T0))).toBe(true);
      expect(await tx((t) => t.discovered.markAsked('zap:a', 'slack:UOTHER', T1))).toBe(false);
      await tx((t) => t.discovered.upsert('zap', 's2', [item('a'), item('b'), item('c')], T1));
      const [a] = await registry.read((t) => t.discovered.byRefs(['zap:a'], T1));
      expect(a).toMatchObject({ claim: 'asked', state: 'asked', asked: { person: 'slack:UANA', at: T0 } });
      expect((await awaiting()).map((i) => i.ref)).toEqual(['zap:b', 'zap:c']);
      expect(await registry.read((t) => t.discovered.askedSince(['slack:UANA', 'slack:UNONE'], T0))).toEqual(
        new Map([
          ['slack:UANA', 1],
          ['slack:UNONE', 0],
        ]),
      );
      expect((await registry.read((t) => t.discovered.askedSince(['slack:UANA'], T1))).get('slack:UANA')).toBe(0);

      await tx((t) => t.discovered.markAsked('zap:b', 'slack:UANA', T0));
      await tx((t) => t.discovered.answer('zap:b', 'not-mine', 'slack:UANA', T1));
      const forAdmins = (before: string) => registry.read((t) => t.discovered.awaitingAdmins(before, T1, 10));
      expect((await forAdmins('2026-12-01T00:00:00.000Z')).map((i) => i.ref)).toEqual(['zap:b']);
      expect((await forAdmins(T0)).map((i) => i.ref)).toEqual(['zap:a', 'zap:b']);
      await tx((t) => t.discovered.markUnreachable(['zap:a', 'zap:c'], T1));
      expect((await awaiting()).map((i) => i.ref)).toEqual([]);
      expect((await forAdmins(T0)).map((i) => i.ref)).toEqual(['zap:a', 'zap:b', 'zap:c']);
      expect(await registry.read((t) => t.discovered.lastAdminNoticeAt())).toBeUndefined();
      await tx((t) => t.discovered.markAdminNotified(['zap:a', 'zap:b', 'zap:c'], T1));
      expect(await registry.read((t) => t.discovered.lastAdminNoticeAt())).toBe(T1);
      expect(await forAdmins(T1)).toEqual([]);
      expect(await awaiting()).toEqual([]);
      const [b] = await registry.read((t) => t.discovered.byRefs(['zap:b'], T1));
      expect(b).toMatchObject({ state: 'not-mine', answered: { by: 'slack:UANA', at: T1 }, adminNotifiedAt: T1 });
      await tx((t) => t.discovered.answer('zap:a', 'retired', 'slack:UANA', T1));
      expect((await registry.read((t) => t.discovered.counts(T1))).find((c) => c.state === 'retired')).toMatchObject({
        source: 'zap',
        items: 1,
      });
    });
  });
}
