import { seededRandom } from '../../bench/seeded-random';
import type { Random } from '../../bench/seeded-random';
import type { Actor } from '../../src/domain/actor';
import { AppError } from '../../src/domain/errors';
import type { Reminder } from '../../src/domain/reminder';
import type { DueWork } from '../../src/app/sweep/due-work';
import { findDueWork } from '../../src/app/sweep/due-work';
import { planDueWork } from '../../src/app/sweep/plan-due-work';
import { createRunDueWork } from '../../src/app/sweep/run-due-work';
import { createSweepWatermark, planInScope } from '../../src/app/sweep/sweep-watermark';
import type { Policy } from '../../src/policy/policy';
import type { Registry } from '../../src/ports/registry';
import { tier1, tier2, tier3 } from '../support/manifests';
import { testCore } from '../support/test-core';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { PEOPLE, loadTestPolicy } from '../support/test-policy';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEPS = 160;

const people = ['UOWNER', 'UALICE', 'UBOB', 'UCAROL', 'UDAVE'];
const actor = (userId: string): Actor => ({ platform: 'slack', userId });
const admin = actor('UADMIN');
/** A reviewer, a security and a platform member: tier 3 needs two of them, so approvals come one at a time. */
const deciders = [actor('UREVIEWER'), actor('USECURITY2'), actor('UPLATFORM')];

/** Short cycles, a low cap and a quick repeat, so a few simulated months cross every threshold often. */
function quickPolicy(policy: Policy): Policy {
  const t = policy.timings;
  return {
    ...policy,
    timings: {
      ...t,
      recertification: { ...t.recertification, everyDays: 45, remindDaysBefore: [30, 14, 7, 1] },
      inactivity: { ...t.inactivity, afterDays: 20, answerDays: 6 },
      ownerless: { ...t.ownerless, claimDays: 10 },
      testDataPurgeDays: 3,
      reminders: { ...t.reminders, maxPerCycle: 2, repeatDays: 2 },
    },
  };
}

/** A reminder by what it says, not its id (each plan draws fresh ids for the rows it would add). */
const said = (r: Reminder) =>
  `${r.appId}|${r.obligation}|${r.cycle}|${r.stage}|${r.recipient}|${r.dueAt}|${r.escalated}|${r.sendAfter}`;

/** What a sweep would write, in a form two plans can be compared by. */
function written(work: DueWork) {
  const sorted = (list: string[]) => [...list].sort();
  return {
    expiring: sorted(work.expiring.map((a) => a.id)),
    unclaimed: sorted(work.unclaimed.map((a) => a.id)),
    inactive: sorted(work.inactive.map((a) => a.id)),
    endingExceptions: sorted(work.endingExceptions.map((e) => e.id)),
    added: sorted(work.added.map(said)),
    cancelled: sorted(work.cancelled.map(said)),
    superseded: sorted(work.superseded.map(said)),
    digests: sorted(work.digests.map((d) => `${d.sent}|${d.sendAt}|${sorted(d.reminders.map(said)).join(',')}`)),
  };
}

for (const dialect of DIALECTS) {
  describe(`the incremental sweep on ${dialect}`, () => {
    let registry: Registry;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
    });
    afterEach(() => registry.close());

    test.each(dialect === 'sqlite' ? [1, 2024] : [4202])(
      'after random changes and time passing (seed %i), plans only what changed yet writes exactly what a full plan would',
      async (seed) => {
        const random: Random = seededRandom(seed);
        const policy = quickPolicy(await loadTestPolicy());
        const clock = { now: new Date('2026-12-01T08:00:00.000Z') };
        const now = { now: () => clock.now };
        const core = testCore(registry, policy, now);
        const watermark = createSweepWatermark();
        const sweep = createRunDueWork({ registry, policy: () => policy, clock: now, watermark });
        const names: string[] = [];
        const tokens = new Map<string, string>();
        let registered = 0;
        let incremental = 0;
        let partial = 0;

        const sentReminders = async (): Promise<Reminder[]> => {
          const rows = await registry.outbox.list({ states: ['pending'], limit: 100 });
          const ids = rows.flatMap((r) => (r.message.view === 'reminder_digest' ? [r.message.digestId] : []));
          const lists = await Promise.all(ids.map((id) => registry.read((tx) => tx.reminders.byDigest(id))));
          return lists.flat().filter((r) => r.state === 'sent');
        };
        const someApp = () => random.pick(names);
        const change = async (): Promise<void> => {
          const roll = random.int(100);
          if (roll < 22 || names.length < 3) {
            const name = `Random app ${++registered}`;
            const owner = `slack:${random.pick(people)}`;
            const retention = random.chance(0.3) ? { retentionDays: 3 + random.int(20) } : {};
            const roll = random.int(100);
            const manifest =
              roll < 60
                ? tier1({ name, owner, ...retention })
                : (roll < 85 ? tier2 : tier3)({ name, owner, backupOwner: PEOPLE.backup, ...retention });
            await core.submitRegistration(manifest, actor(owner.slice('slack:'.length)));
            names.push(name);
          } else if (roll < 34) {
            const decider = random.pick(deciders);
            const [pending] = await core.pendingReviewsFor(decider);
            const deny = random.chance(0.2) ? { verdict: 'deny' as const, reason: 'Not with this data.' } : undefined;
            if (pending)
              await core.decideReview({ reviewId: pending.review.id, actor: decider, verdict: 'approve', ...deny });
          } else if (roll < 44) {
            await core.recertifyApp(someApp(), admin);
          } else if (roll < 52) {
            await core.transferApp(someApp(), `slack:${random.pick(people)}`, admin);
          } else if (roll < 56) {
            await core.deactivatePerson(`slack:${random.pick(people.slice(1))}`);
          } else if (roll < 62) {
            await core.claimApp(someApp(), admin);
          } else if (roll < 68) {
            await core.recordSandboxUse(someApp(), admin);
          } else if (roll < 72) {
            await core.decommissionApp(someApp(), { planCarriedOut: true, dataPurged: true }, admin);
          } else if (roll < 76) {
            await core.openIncident(`"${someApp()}" sent rows to the wrong place`, admin);
          } else if (roll < 84) {
            const app = someApp();
            const token = tokens.get(app);
            if (token) await core.recordHeartbeat({ app, token, sandbox: false });
            else tokens.set(app, (await core.issueAppToken(app, admin)).token);
          } else {
            const sent = await sentReminders();
            if (!sent.length) return;
            const r = random.pick(sent);
            const who = actor(r.recipient.startsWith('slack:') ? r.recipient.slice('slack:'.length) : 'UADMIN');
            const action =
              r.obligation === 'recertification'
                ? random.pick(['recertify', 'snooze'] as const)
                : r.obligation === 'inactivity'
                  ? 'keep'
                  : random.pick(['purged', 'not_purged'] as const);
            if (action === 'snooze') await core.answerReminder({ reminderId: r.id, action, days: 1 }, who);
            else await core.answerReminder({ reminderId: r.id, action }, who);
          }
        };

        for (let step = 0; step < STEPS; step++) {
          for (let n = random.int(3); n >= 0; n--) {
            try {
              await change();
            } catch (error) {
              if (!(error instanceof AppError)) throw error;
            }
          }
          const jump = random.chance(0.1) ? DAY + random.int(2 * DAY) : 5 * MINUTE + random.int(8 * HOUR);
          clock.now = new Date(clock.now.getTime() + jump);
          const at = clock.now;
          const scope = watermark.scopeAt(at, policy);
          const [full, some] = await registry.read(async (tx) => {
            const everything = await planDueWork(tx, policy, at);
            const changed = await planInScope(tx, policy, at, scope);
            return [await findDueWork(tx, policy, everything, at), await findDueWork(tx, policy, changed, at)];
          });
          expect({ step, at: at.toISOString(), ...written(some) }).toEqual({
            step,
            at: at.toISOString(),
            ...written(full),
          });
          if (!scope.full) {
            incremental++;
            const planned = (await registry.read((tx) => planInScope(tx, policy, at, scope))).scope!;
            if (planned.size < names.length) partial++;
          }
          await sweep();
        }
        expect(registered).toBeGreaterThan(20);
        expect(incremental).toBeGreaterThan(STEPS * 0.6);
        expect(partial).toBeGreaterThan(STEPS * 0.5);
      },
      120_000,
    );
  });
}
