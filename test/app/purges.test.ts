import type { Actor } from '../../src/domain/actor';
import type { Registry } from '../../src/ports/registry';
import { ACTIONS } from '../../src/views/action-ids';
import type { View } from '../../src/ports/view-model';
import { tier1 } from '../support/manifests';
import { refusal } from '../support/refusal';
import { DIALECTS } from '../support/test-databases';
import type { ClockedCore } from '../support/clocked-core';
import { clockedCore } from '../support/clocked-core';
import { PEOPLE } from '../support/test-policy';
import { createPresenter } from '../../src/views/create-presenter';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };
const stranger: Actor = { platform: 'slack', userId: 'USTRANGER' };
const security = [PEOPLE.security, PEOPLE.security2, PEOPLE.backup];

const text = (view: View | undefined) => (view?.blocks ?? []).map((b) => ('text' in b ? b.text : '')).join('\n');
const buttons = (view: View | undefined) =>
  (view?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.buttons : []));

for (const dialect of DIALECTS) {
  describe(`purge confirmations on ${dialect}`, () => {
    let t: ClockedCore;
    let registry: Registry;
    let core: ClockedCore['core'];
    beforeEach(async () => {
      t = await clockedCore(dialect, '2026-11-23T10:00:00.000Z');
      ({ registry, core } = t);
      t.withInactivity({ afterDays: 3650 }); // quiet apps are asked in inactivity.test.ts; here the apps stay out of it
      await core.people.remember({ ref: PEOPLE.owner, displayName: 'Olivia Owner', active: true });
    });
    afterEach(() => registry.close());
    const sweep = (iso: string) => t.sweep(iso);
    const queued = async (view: string) => {
      const rows = (await registry.outbox.list({ states: ['pending'], limit: 1000 }))
        .filter((r) => r.message.view === view)
        .reverse();
      return Promise.all(
        rows.map(async (r) => ({
          to: r.recipient.kind === 'person' ? r.recipient.ref : '',
          message: r.message,
          view: await createPresenter(core).render(r.message),
        })),
      );
    };
    const audit = async () => (await registry.audit.events(0, 500)).map((e) => e.action);

    test('retention: each window asks the owner once it comes round; not purged tells security, purged closes it until the next window', async () => {
      await core.submitRegistration(tier1({ retentionDays: 30 }), owner);
      expect((await registry.apps.find('Notes tidier'))?.retentionDays).toBe(30);
      expect((await sweep('2026-12-22T10:00:00.000Z')).digests).toEqual([]);

      const due = await sweep('2026-12-23T10:00:00.000Z');
      expect(due.digests).toEqual([
        expect.objectContaining({
          recipient: PEOPLE.owner,
          sent: true,
          items: [
            expect.objectContaining({ obligation: 'retention', stage: 'due', dueAt: '2026-12-23T10:00:00.000Z' }),
          ],
        }),
      ]);
      const [digest] = await queued('reminder_digest');
      expect(digest!.view?.title).toBe('Notes tidier: confirm old data is purged');
      expect(text(digest!.view)).toMatch(/keeps data for 30 days, and another 30 days came round on 23 Dec 2026/);
      const [purged, notPurged] = buttons(digest!.view);
      expect([purged!.actionId, notPurged!.actionId]).toEqual([ACTIONS.confirmPurge, ACTIONS.reportNotPurged]);

      expect((await refusal(core.answerReminder({ reminderId: purged!.value, action: 'purged' }, stranger))).code).toBe(
        'app.not_owner',
      );
      const told = await core.answerReminder({ reminderId: notPurged!.value, action: 'not_purged' }, owner);
      expect(told).toMatchObject({ action: 'not_purged', appName: 'Notes tidier', obligation: 'retention' });
      const notices = await queued('notice');
      const alarms = notices.filter((n) => n.message.view === 'notice' && n.message.notice.type === 'purge_not_done');
      expect(alarms.map((n) => n.to).sort()).toEqual([...security].sort());
      expect(alarms[0]!.view?.title).toBe('Notes tidier: data not purged');
      expect(text(alarms[0]!.view)).toMatch(
        /says data older than its 30-day retention window of "Notes tidier" has not been purged/,
      );
      const again = await createPresenter(core).render(
        {
          view: 'reminder_digest',
          digestId: digest!.message.view === 'reminder_digest' ? digest!.message.digestId : '',
        },
        'Europe/Berlin',
      );
      expect(text(again)).toMatch(/On 23 Dec 2026 you said it was not purged yet, and security was told/);
      expect(buttons(again).map((b) => b.actionId)).toEqual([ACTIONS.confirmPurge]);

      expect(await core.answerReminder({ reminderId: purged!.value, action: 'purged' }, owner)).toMatchObject({
        action: 'purged',
        appName: 'Notes tidier',
      });
      const twice = await refusal(core.answerReminder({ reminderId: purged!.value, action: 'purged' }, owner));
      expect(twice.code).toBe('purge.already_confirmed');
      expect((await createPresenter(core).explain(twice, owner)).text).toMatch(
        /^Olivia Owner already confirmed the purge for "Notes tidier" on 23 Dec 2026, 10:00 .*Nothing more to do here\.$/,
      );
      expect(await createPresenter(core).render(digest!.message)).toBeUndefined();
      expect(await audit()).toEqual(expect.arrayContaining(['data.not_purged', 'data.purged']));

      expect((await sweep('2027-01-06T10:00:00.000Z')).digests).toEqual([]);
      const next = await sweep('2027-01-22T10:00:00.000Z');
      expect(next.digests).toEqual([
        expect.objectContaining({
          recipient: PEOPLE.owner,
          items: [
            expect.objectContaining({ obligation: 'retention', stage: 'due', dueAt: '2027-01-22T10:00:00.000Z' }),
          ],
        }),
      ]);
      expect((await core.verifyAudit()).ok).toBe(true);
    });

    test('retention unanswered: asked again every week up to the cap, then security hears instead, each of them capped too', async () => {
      t.withReminders({ maxPerCycle: 2 });
      await core.submitRegistration(tier1({ retentionDays: 60 }), owner);
      const stages: string[] = [];
      for (let week = 0; week < 8; week++) {
        const at = new Date(Date.parse('2027-01-22T10:00:00.000Z') + week * 7 * 86_400_000).toISOString();
        const report = await sweep(at);
        for (const d of report.digests)
          for (const i of d.items) stages.push(`${d.recipient === PEOPLE.owner ? 'owner' : 'security'}:${i.stage}`);
      }
      expect(stages).toEqual([
        'owner:due',
        'owner:again1',
        ...security.map(() => 'security:again2'),
        ...security.map(() => 'security:again3'),
      ]);
      const escalated = (await queued('reminder_digest')).find((d) => d.to === PEOPLE.security)!;
      expect(text(escalated.view)).toMatch(
        /has not confirmed after several reminders that old data of "Notes tidier" was purged/,
      );
      expect(buttons(escalated.view)).toEqual([]);
    });

    test('test data: the owner is asked once the purge days after sandbox use have passed; purged closes it until the sandbox is used again', async () => {
      await core.submitRegistration(tier1(), owner);
      const app = (await registry.apps.find('Notes tidier'))!;
      const used = async (at: string) => {
        t.state.now = new Date(at);
        return core.recordSandboxUse('Notes tidier', owner);
      };
      expect(await used('2026-11-23T10:00:00.000Z')).toMatchObject({
        started: true,
        since: '2026-11-23T10:00:00.000Z',
        purgeBy: '2026-11-30T10:00:00.000Z',
      });
      expect(await used('2026-11-25T10:00:00.000Z')).toMatchObject({
        started: false,
        since: '2026-11-23T10:00:00.000Z',
      });
      expect((await sweep('2026-11-27T10:00:00.000Z')).digests).toEqual([]);
      const due = await sweep('2026-11-30T10:00:00.000Z');
      expect(due.digests).toEqual([
        expect.objectContaining({
          recipient: PEOPLE.owner,
          items: [
            expect.objectContaining({ obligation: 'test_data', stage: 'due', dueAt: '2026-11-30T10:00:00.000Z' }),
          ],
        }),
      ]);
      const [digest] = await queued('reminder_digest');
      expect(digest!.view?.title).toBe('Notes tidier: confirm test data is purged');
      expect(text(digest!.view)).toMatch(
        /was used with test data in a sandbox on 23 Nov 2026\. Test data must be deleted within 7 days/,
      );
      const [purged] = buttons(digest!.view);
      expect(await core.answerReminder({ reminderId: purged!.value, action: 'purged' }, owner)).toMatchObject({
        action: 'purged',
        obligation: 'test_data',
      });
      expect((await registry.apps.find(app.id))?.sandboxSince).toBeUndefined();
      expect((await refusal(core.answerReminder({ reminderId: purged!.value, action: 'purged' }, owner))).code).toBe(
        'purge.already_confirmed',
      );
      expect((await sweep('2026-12-08T10:00:00.000Z')).digests).toEqual([]);

      expect(await used('2026-12-08T10:00:00.000Z')).toMatchObject({ started: true });
      expect((await sweep('2026-12-15T10:00:00.000Z')).digests.flatMap((d) => d.items.map((i) => i.dueAt))).toEqual([
        '2026-12-15T10:00:00.000Z',
      ]);
      expect((await audit()).filter((a) => a === 'app.sandbox_used' || a === 'data.purged')).toEqual([
        'app.sandbox_used',
        'data.purged',
        'app.sandbox_used',
      ]);
    });

    test('after downtime the missed weekly asks collapse into one, and the preview names them', async () => {
      await core.submitRegistration(tier1({ retentionDays: 30 }), owner);
      const report = await core.runDueWork({ at: new Date('2027-01-15T10:00:00.000Z'), dryRun: true });
      expect(report.digests).toEqual([
        expect.objectContaining({
          items: [
            expect.objectContaining({ obligation: 'retention', stage: 'again3', dueAt: '2027-01-13T10:00:00.000Z' }),
          ],
        }),
      ]);
      expect(await queued('reminder_digest')).toEqual([]);
      const real = await sweep('2027-01-15T10:00:00.000Z');
      expect(real.digests.flatMap((d) => d.items.map((i) => i.stage))).toEqual(['again3']);
    });
  });
}
