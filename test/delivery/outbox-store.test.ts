import type { NewOutboundMessage } from '../../src/domain/outbound';
import type { Registry } from '../../src/ports/registry';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { DIALECTS, createTestRegistry } from '../support/test-databases';

const T0 = Date.parse('2026-11-21T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms).toISOString();

function toChannel(channel: string, over: Partial<NewOutboundMessage> = {}): NewOutboundMessage {
  return {
    recipient: { kind: 'channel', platform: 'slack', channel },
    message: { view: 'notice', notice: { type: 'app_decommissioned', appId: `app-${channel}`, by: 'slack:UOWNER' } },
    ...over,
  };
}

const claimAs = (
  r: Registry,
  owner: string,
  nowMs: number,
  over: { limit?: number; skipLanes?: string[]; leaseMs?: number } = {},
) =>
  r.outbox.claim({
    owner,
    now: at(nowMs),
    leaseUntil: at(nowMs + (over.leaseMs ?? 60_000)),
    limit: over.limit ?? 50,
    skipLanes: over.skipLanes ?? [],
  });

const appIdOf = (row: { message: NewOutboundMessage['message'] }) =>
  row.message.view === 'notice' && 'appId' in row.message.notice ? row.message.notice.appId : undefined;

for (const dialect of DIALECTS) {
  describe(`outbox store on ${dialect}`, () => {
    let registry: Awaited<ReturnType<typeof createTestRegistry>>;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
    });
    afterEach(() => registry.close());

    test('claim returns due rows oldest first, leaving rows not yet due and skipped lanes alone', async () => {
      await registry.outbox.enqueue([toChannel('C-LATER', { dueAt: at(5_000) })], at(0));
      await registry.outbox.enqueue([toChannel('C-SECOND')], at(2));
      await registry.outbox.enqueue([toChannel('C-FIRST')], at(1));
      await registry.outbox.enqueue([toChannel('C-SKIPPED')], at(0));

      const claimed = await claimAs(registry, 'w1', 10, { skipLanes: ['slack:channel:C-SKIPPED'] });
      expect(claimed.map(appIdOf)).toEqual(['app-C-FIRST', 'app-C-SECOND']);
      expect(claimed[0]).toMatchObject({
        state: 'sending',
        leaseOwner: 'w1',
        lane: 'slack:channel:C-FIRST',
        attempts: 0,
        recipient: { kind: 'channel', platform: 'slack', channel: 'C-FIRST' },
      });

      expect((await claimAs(registry, 'w1', 10)).map(appIdOf)).toEqual(['app-C-SKIPPED']);
      expect(await claimAs(registry, 'w1', 4_999)).toEqual([]);
      expect((await claimAs(registry, 'w1', 5_000)).map(appIdOf)).toEqual(['app-C-LATER']);
    });

    test('claim honours its limit', async () => {
      await registry.outbox.enqueue(
        ['C1', 'C2', 'C3'].map((c) => toChannel(c)),
        at(0),
      );
      expect(await claimAs(registry, 'w1', 1, { limit: 2 })).toHaveLength(2);
      expect(await claimAs(registry, 'w1', 1, { limit: 2 })).toHaveLength(1);
    });

    test('a claimed row is not claimed again until its lease runs out; then another worker takes it over', async () => {
      await registry.outbox.enqueue([toChannel('C1')], at(0));
      const [row] = await claimAs(registry, 'w1', 0, { leaseMs: 1_000 });
      expect(row).toBeDefined();
      expect(await claimAs(registry, 'w2', 500)).toEqual([]);
      expect(await claimAs(registry, 'w2', 1_000)).toEqual([]);

      const [again] = await claimAs(registry, 'w2', 1_001);
      expect(again).toMatchObject({ id: row!.id, leaseOwner: 'w2' });
      expect(await registry.outbox.startSend(row!.id, 'w1', at(1_002), at(2_000))).toBe(false);
      expect(await registry.outbox.startSend(row!.id, 'w2', at(1_002), at(61_002))).toBe(true);
    });

    test('startSend extends the lease, counts the attempt and marks the send; another owner cannot start it', async () => {
      await registry.outbox.enqueue([toChannel('C1')], at(0));
      const [row] = await claimAs(registry, 'w1', 0, { leaseMs: 1_000 });
      expect(await registry.outbox.startSend(row!.id, 'intruder', at(10), at(60_000))).toBe(false);
      expect(await registry.outbox.startSend(row!.id, 'w1', at(10), at(60_000))).toBe(true);
      expect(await claimAs(registry, 'w2', 30_000)).toEqual([]);
      const [stored] = await registry.outbox.list({ states: ['sending'], limit: 10 });
      expect(stored).toMatchObject({ id: row!.id, attempts: 1, sendStartedAt: at(10) });
      expect((await claimAs(registry, 'w2', 60_001))[0]).toMatchObject({
        id: row!.id,
        attempts: 1,
        sendStartedAt: at(10),
      });
    });

    test('complete stores the reference; only the lease owner can complete', async () => {
      await registry.outbox.enqueue([toChannel('C1')], at(0));
      const [row] = await claimAs(registry, 'w1', 0);
      const ref = { platform: 'slack' as const, address: 'C1', id: '1700000000.000100' };
      await registry.outbox.complete(row!.id, 'intruder', at(5), ref);
      expect((await registry.outbox.list({ states: ['sending'], limit: 10 })).map((r) => r.id)).toEqual([row!.id]);

      await registry.outbox.startSend(row!.id, 'w1', at(5), at(60_000));
      await registry.outbox.complete(row!.id, 'w1', at(6), ref);
      const [done] = await registry.outbox.list({ states: ['done'], limit: 10 });
      expect(done).toMatchObject({ id: row!.id, state: 'done', ref, doneAt: at(6), attempts: 1 });
      expect(await claimAs(registry, 'w2', 10_000_000)).toEqual([]);
    });

    test('retry hands the row back for later, keeping the maybe-sent mark only when asked', async () => {
      await registry.outbox.enqueue([toChannel('C1'), toChannel('C2')], at(0));
      const [a, b] = await claimAs(registry, 'w1', 0);
      for (const row of [a!, b!]) await registry.outbox.startSend(row.id, 'w1', at(10), at(60_000));
      await registry.outbox.retry(a!.id, 'w1', { dueAt: at(1_000), error: 'http_503', maybeSent: false });
      await registry.outbox.retry(b!.id, 'w1', { dueAt: at(1_000), error: 'timeout', maybeSent: true });

      const pending = await registry.outbox.list({ states: ['pending'], limit: 10 });
      expect(pending.find((r) => r.id === a!.id)).toMatchObject({
        state: 'pending',
        dueAt: at(1_000),
        lastError: 'http_503',
        attempts: 1,
      });
      expect(pending.find((r) => r.id === a!.id)!.sendStartedAt).toBeUndefined();
      expect(pending.find((r) => r.id === b!.id)).toMatchObject({
        state: 'pending',
        lastError: 'timeout',
        sendStartedAt: at(10),
      });

      expect(await claimAs(registry, 'w2', 999)).toEqual([]);
      const reclaimed = await claimAs(registry, 'w2', 1_000);
      expect(reclaimed.map((r) => r.id).sort()).toEqual([a!.id, b!.id].sort());

      await registry.outbox.retry(a!.id, 'w1', { dueAt: at(0), maybeSent: false });
      expect((await registry.outbox.list({ states: ['sending'], limit: 10 })).map((r) => r.id)).toContain(a!.id);
    });

    test('giveUp makes the row undeliverable with its fix, and it is never claimed again', async () => {
      await registry.outbox.enqueue([toChannel('C1')], at(0));
      const [row] = await claimAs(registry, 'w1', 0, { leaseMs: 1_000 });
      await registry.outbox.giveUp(row!.id, 'w1', { at: at(20), error: 'not_in_channel', fix: 'Invite the bot.' });
      const [dead] = await registry.outbox.list({ states: ['undeliverable'], limit: 10 });
      expect(dead).toMatchObject({
        id: row!.id,
        state: 'undeliverable',
        lastError: 'not_in_channel',
        fix: 'Invite the bot.',
        doneAt: at(20),
      });
      expect(await claimAs(registry, 'w2', 10_000_000)).toEqual([]);
    });

    test('a dedupe key keeps one row, inside and outside a transaction', async () => {
      await registry.outbox.enqueue(
        [toChannel('C1', { dedupeKey: 'alert|x' }), toChannel('C2', { dedupeKey: 'alert|x' })],
        at(0),
      );
      await registry.outbox.enqueue([toChannel('C3', { dedupeKey: 'alert|x' })], at(1));
      await registry.transaction((tx) =>
        tx.outbox.enqueue(
          [toChannel('C4', { dedupeKey: 'alert|x' }), toChannel('C5', { dedupeKey: 'alert|y' })],
          at(2),
        ),
      );
      const rows = await registry.outbox.list({ states: ['pending'], limit: 10 });
      expect(rows.map(appIdOf).sort()).toEqual(['app-C1', 'app-C5']);

      const [row] = await claimAs(registry, 'w1', 10, { limit: 1 });
      await registry.outbox.complete(row!.id, 'w1', at(11));
      await registry.outbox.enqueue([toChannel('C6', { dedupeKey: 'alert|x' })], at(12));
      expect((await registry.outbox.counts()).pending + (await registry.outbox.counts()).done).toBe(2);
    });

    test('rows queued in a transaction that fails are not written', async () => {
      await expect(
        registry.transaction(async (tx) => {
          await tx.outbox.enqueue([toChannel('C1')], at(0));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await registry.outbox.counts()).toEqual({ pending: 0, sending: 0, done: 0, undeliverable: 0 });
    });

    test('counts per state, and list newest first filtered by state', async () => {
      for (let i = 0; i < 5; i++) await registry.outbox.enqueue([toChannel(`C${i}`)], at(i));
      const claimed = await claimAs(registry, 'w1', 100, { limit: 3 });
      expect(claimed.map(appIdOf)).toEqual(['app-C0', 'app-C1', 'app-C2']);
      await registry.outbox.complete(claimed[0]!.id, 'w1', at(101));
      await registry.outbox.giveUp(claimed[1]!.id, 'w1', { at: at(101), error: 'gone', fix: 'Nothing to do.' });

      expect(await registry.outbox.counts()).toEqual({ pending: 2, sending: 1, done: 1, undeliverable: 1 });
      expect((await registry.outbox.list({ states: ['pending'], limit: 10 })).map(appIdOf)).toEqual([
        'app-C4',
        'app-C3',
      ]);
      expect(
        (await registry.outbox.list({ states: ['pending', 'done', 'undeliverable'], limit: 10 })).map(appIdOf),
      ).toEqual(['app-C4', 'app-C3', 'app-C1', 'app-C0']);
      expect(
        (await registry.outbox.list({ states: ['pending', 'sending', 'done', 'undeliverable'], limit: 2 })).map(
          appIdOf,
        ),
      ).toEqual(['app-C4', 'app-C3']);
    });

    test('a person recipient travels in one lane whatever the case of the ref', async () => {
      await registry.outbox.enqueue(
        [{ recipient: { kind: 'person', ref: 'Ana@Example.com' }, message: { view: 'owner_status', appId: 'a1' } }],
        at(0),
      );
      const [row] = await claimAs(registry, 'w1', 1, { skipLanes: ['person:ana@example.com'] });
      expect(row).toBeUndefined();
      expect((await claimAs(registry, 'w1', 1))[0]).toMatchObject({
        lane: 'person:ana@example.com',
        recipient: { kind: 'person', ref: 'Ana@Example.com' },
        message: { view: 'owner_status', appId: 'a1' },
      });
    });

    if (dialect === 'postgres') {
      test('two workers on two pools claiming 1,000 due rows at once claim every row exactly once', async () => {
        const rows = Array.from({ length: 1_000 }, (_, i) => toChannel(`C${i % 37}`, { dedupeKey: `race-${i}` }));
        await registry.transaction((tx) => tx.outbox.enqueue(rows, at(0)));
        const second = await createKyselyRegistry(registry.target);
        try {
          const claimedBy = new Map<string, string[]>();
          const loop = async (r: Registry, owner: string) => {
            for (;;) {
              const batch = await claimAs(r, owner, 1_000, { limit: 7, leaseMs: 3_600_000 });
              if (batch.length === 0) return;
              for (const row of batch) claimedBy.set(row.id, [...(claimedBy.get(row.id) ?? []), owner]);
            }
          };
          await Promise.all([1, 2, 3, 4].flatMap((n) => [loop(registry, `a${n}`), loop(second, `b${n}`)]));

          expect(claimedBy.size).toBe(1_000);
          expect([...claimedBy.values()].filter((owners) => owners.length !== 1)).toEqual([]);
          const owners = new Set([...claimedBy.values()].map(([o]) => o![0]));
          expect(owners).toEqual(new Set(['a', 'b']));
          expect(await registry.outbox.counts()).toEqual({ pending: 0, sending: 1_000, done: 0, undeliverable: 0 });
          expect(await claimAs(second, 'late', 2_000)).toEqual([]);
        } finally {
          await second.close();
        }
      });
    }
  });
}
