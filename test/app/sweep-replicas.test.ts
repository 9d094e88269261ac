import type { Policy } from '../../src/policy/policy';
import type { Registry } from '../../src/ports/registry';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { seedExpiringApps } from '../support/seed-expiring';
import { testCore } from '../support/test-core';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { loadTestPolicy } from '../support/test-policy';

const postgres = DIALECTS.includes('postgres') ? describe : describe.skip;

postgres('two replicas on one PostgreSQL', () => {
  let first: Registry & { target: { kind: string } };
  let second: Registry;
  let policy: Policy;
  beforeAll(async () => {
    first = await createTestRegistry('postgres');
    second = await createKyselyRegistry(first.target as never);
    policy = await loadTestPolicy();
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  test('2,000 reminders due at the same instant, swept by both at once, go out exactly once', async () => {
    await seedExpiringApps(
      first,
      2000,
      Array.from({ length: 100 }, (_, i) => `slack:UOWNER${i}`),
      '2027-11-23T10:00:00.000Z',
    );
    const clock = { now: () => new Date('2027-11-03T10:00:00.000Z') };
    const cores = [testCore(first, policy, clock), testCore(second, policy, clock)];
    const reports = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => cores[i % 2]!.runDueWork()));
    const rows = (await first.outbox.list({ states: ['pending'], limit: 10_000 })).filter(
      (r) => r.message.view === 'reminder_digest',
    );
    expect(rows).toHaveLength(100);
    expect(new Set(rows.map((r) => (r.recipient.kind === 'person' ? r.recipient.ref : ''))).size).toBe(100);
    const items = await Promise.all(
      rows.map((r) =>
        first.read((tx) => tx.reminders.byDigest(r.message.view === 'reminder_digest' ? r.message.digestId : '')),
      ),
    );
    const ids = items.flat().map((r) => r.id);
    expect(ids).toHaveLength(2000);
    expect(new Set(ids).size).toBe(2000);
    expect(items.flat().every((r) => r.sends === 1 && r.stage === 'd30')).toBe(true);
    expect(reports.reduce((n, r) => n + r.digests.filter((d) => d.sent).length, 0)).toBe(100);
  });
});
