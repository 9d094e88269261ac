import { planDueWork } from '../../src/app/sweep/plan-due-work';
import type { Registry } from '../../src/ports/registry';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { migrateToLatest } from '../../src/store/migrate';
import { openDatabase } from '../../src/store/open-database';
import { nameKey } from '../../src/store/row-mapping';
import type { Tables } from '../../src/store/tables';
import { tier3 } from '../support/manifests';
import type { TestDatabase } from '../support/test-databases';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import { PEOPLE, loadTestPolicy } from '../support/test-policy';

/** One more open review than SQLite's 32,766 bound parameters: no statement may list them all. */
const REVIEWS = 33_000;
/** Every APPROVED_EVERY-th review has its security approval already. */
const APPROVED_EVERY = 1000;
const ROWS = 1000;
/** A Monday: with the shipped SLA (remind after 2 business days, escalate after 5) every review is due a reminder on Thursday. */
const OPENED = '2026-11-30T09:00:00.000Z';
const SWEPT = new Date('2026-12-03T12:00:00.000Z');

/** Ids of the `n`th app, its revision and its review (uuid-shaped, as the columns are sized). */
const ids = (n: number) => {
  const tail = n.toString(16).padStart(12, '0');
  return {
    app: `00000000-0000-4000-a000-${tail}`,
    revision: `00000000-0000-4000-b000-${tail}`,
    review: `00000000-0000-4000-c000-${tail}`,
  };
};

/**
 * Migrates the database and inserts `count` apps waiting for review straight into the tables, each
 * with its revision (a high-risk app whose manifest names a security member as backup owner) and an
 * open review needing security and platform; every APPROVED_EVERY-th review has its security
 * approval already.
 */
async function seedOpenReviews(db: TestDatabase, count: number): Promise<void> {
  const kysely = openDatabase(db.target);
  try {
    await migrateToLatest(kysely);
    await kysely.transaction().execute(async (trx) => {
      for (let first = 0; first < count; first += ROWS) {
        const rows = Array.from({ length: Math.min(ROWS, count - first) }, (_, i) => {
          const n = first + i;
          const id = ids(n);
          const name = `Review queue app ${n}`;
          const owner = `person${n % 3000}@example.com`;
          const app: Tables['app'] = {
            id: id.app,
            name,
            name_key: nameKey(name),
            status: 'pending_review',
            owner,
            backup_owner: null,
            business_unit: 'Operations',
            tier: 3,
            score: 9,
            current_revision_id: id.revision,
            approved_revision_id: null,
            expires_at: null,
            created_at: OPENED,
            updated_at: OPENED,
            retention_days: null,
            sandbox_since: null,
            last_active_at: null,
          };
          const revision: Tables['revision'] = {
            id: id.revision,
            app_id: id.app,
            number: 1,
            manifest: JSON.stringify(tier3({ name, owner })),
            assessment: '{}',
            policy_version: 'test',
            submitted_by: owner,
            created_at: OPENED,
          };
          const review: Tables['review'] = {
            id: id.review,
            app_id: id.app,
            revision_id: id.revision,
            status: 'open',
            required_approvals: JSON.stringify([
              { role: 'security', count: 1 },
              { role: 'platform', count: 1 },
            ]),
            version: 1,
            decided_by: null,
            decided_at: null,
            reason: null,
            created_at: OPENED,
          };
          return { app, revision, review, approved: n % APPROVED_EVERY === 0 };
        });
        await trx
          .insertInto('app')
          .values(rows.map((r) => r.app))
          .execute();
        await trx
          .insertInto('revision')
          .values(rows.map((r) => r.revision))
          .execute();
        await trx
          .insertInto('review')
          .values(rows.map((r) => r.review))
          .execute();
        const approvals: Tables['approval'][] = rows
          .filter((r) => r.approved)
          .map((r) => ({ review_id: r.review.id, approver: PEOPLE.security2, role: 'security', created_at: OPENED }));
        if (approvals.length) await trx.insertInto('approval').values(approvals).execute();
      }
    });
  } finally {
    await kysely.destroy();
  }
}

for (const dialect of DIALECTS) {
  describe(`${REVIEWS} open reviews on ${dialect}`, () => {
    let db: TestDatabase;
    let registry: Registry;
    const approved = Math.ceil(REVIEWS / APPROVED_EVERY);
    beforeAll(async () => {
      db = await createTestDatabase(dialect);
      await seedOpenReviews(db, REVIEWS);
      registry = await createKyselyRegistry(db.target);
    }, 60_000);
    afterAll(async () => {
      await registry?.close();
      await db?.drop();
    });

    test('are all read with their approvals: at once, a page at a time, and by their apps', async () => {
      const open = await registry.read((tx) => tx.reviews.open(REVIEWS + 1));
      expect(open).toHaveLength(REVIEWS);
      const paged = await registry.read(async (tx) => {
        const all = [];
        for await (const page of tx.reviews.openPages(1000)) all.push(...page);
        return all;
      });
      const ids = open.map((r) => r.id).sort();
      expect(paged.map((r) => r.id).sort()).toEqual(ids);
      const byApps = await registry.read((tx) => tx.reviews.openFor(open.map((r) => r.appId)));
      expect(byApps.map((r) => r.id).sort()).toEqual(ids);
      expect(new Set(open.map((r) => r.appId)).size).toBe(REVIEWS);
      const withApprovals = open.filter((r) => r.approvals.length > 0);
      expect(withApprovals).toHaveLength(approved);
      for (const review of withApprovals)
        expect(review.approvals).toEqual([{ approver: PEOPLE.security2, role: 'security', at: OPENED }]);
    });

    test('the full sweep plan has a review reminder for each, to whoever still has to approve but the backup owner', async () => {
      const policy = await loadTestPolicy();
      const plan = await registry.read((tx) => planDueWork(tx, policy, SWEPT));
      const stages = plan.stages.filter((s) => s.obligation === 'review_deadline');
      expect(stages).toHaveLength(REVIEWS);
      expect(new Set(stages.map((s) => s.cycle)).size).toBe(REVIEWS);
      expect(stages.every((s) => s.stage === 'remind')).toBe(true);
      const recipients = new Map<string, number>();
      for (const s of stages) {
        const key = [...s.recipients].sort().join(' ');
        recipients.set(key, (recipients.get(key) ?? 0) + 1);
      }
      expect(Object.fromEntries(recipients)).toEqual({
        [[PEOPLE.platform, PEOPLE.security].sort().join(' ')]: approved,
        [[PEOPLE.platform, PEOPLE.security, PEOPLE.security2].sort().join(' ')]: REVIEWS - approved,
      });
    }, 30_000);
  });
}
