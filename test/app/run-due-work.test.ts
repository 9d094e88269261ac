import type { Actor } from '../../src/domain/actor';
import type { Registry } from '../../src/ports/registry';
import type { View } from '../../src/ports/view-model';
import { ACTIONS } from '../../src/views/action-ids';
import { tier1, tier2 } from '../support/manifests';
import { refusal } from '../support/refusal';
import { DIALECTS } from '../support/test-databases';
import type { ClockedCore } from '../support/clocked-core';
import { clockedCore } from '../support/clocked-core';
import { PEOPLE } from '../support/test-policy';
import { createPresenter } from '../../src/views/create-presenter';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };
const backup: Actor = { platform: 'slack', userId: 'UBACKUP' };
const stranger: Actor = { platform: 'slack', userId: 'USTRANGER' };
const reviewer: Actor = { platform: 'slack', userId: 'UREVIEWER' };

const text = (view: View | undefined) => (view?.blocks ?? []).map((b) => ('text' in b ? b.text : '')).join('\n');
const buttons = (view: View | undefined) =>
  (view?.blocks ?? []).flatMap((b) => (b.type === 'actions' ? b.buttons : []));

for (const dialect of DIALECTS) {
  describe(`the scheduler's sweep on ${dialect}`, () => {
    let t: ClockedCore;
    let registry: Registry;
    let core: ClockedCore['core'];
    beforeEach(async () => {
      t = await clockedCore(dialect, '2026-11-23T10:00:00.000Z');
      ({ registry, core } = t);
      t.withInactivity({ afterDays: 3650 }); // quiet apps are asked in inactivity.test.ts; here the apps stay out of it
    });
    afterEach(() => registry.close());

    /** Digests queued so far: recipient, and the rendered view. */
    const digests = async () => {
      const rows = (await registry.outbox.list({ states: ['pending'], limit: 10_000 }))
        .filter((r) => r.message.view === 'reminder_digest')
        .reverse();
      return Promise.all(
        rows.map(async (r) => ({
          to: r.recipient.kind === 'person' ? r.recipient.ref : '?',
          view: await createPresenter(core).render(r.message),
          message: r.message,
        })),
      );
    };
    const sweep = (iso: string) => t.sweep(iso);

    test('re-certification: 30, 14, 7 and 1 days before, each once and inside working hours, then expiry tells the owner', async () => {
      await core.submitRegistration(tier1(), owner);
      expect((await registry.apps.find('Notes tidier'))?.expiresAt).toBe('2027-11-23T10:00:00.000Z');
      expect((await sweep('2027-10-20T10:00:00.000Z')).digests).toEqual([]);

      const first = await sweep('2027-10-25T10:00:00.000Z');
      expect(first.digests).toEqual([
        expect.objectContaining({
          recipient: PEOPLE.owner,
          sent: true,
          items: [expect.objectContaining({ app: 'Notes tidier', obligation: 'recertification', stage: 'd30' })],
        }),
      ]);
      await sweep('2027-10-25T11:00:00.000Z');
      let sent = await digests();
      expect(sent).toHaveLength(1);
      expect(sent[0]!.view?.title).toBe('Notes tidier: re-certify by 23 Nov 2027');
      expect(text(sent[0]!.view)).toMatch(/must be re-certified by 23 Nov 2027/);
      expect(buttons(sent[0]!.view).map((b) => b.actionId)).toEqual([
        ACTIONS.recertify,
        ACTIONS.changeApp,
        ACTIONS.snooze,
        ACTIONS.snooze,
      ]);

      const weekend = await sweep('2027-11-13T10:00:00.000Z');
      expect(weekend.digests).toEqual([
        expect.objectContaining({
          sent: false,
          sendAt: '2027-11-15T09:00:00.000Z',
          items: [expect.objectContaining({ stage: 'd14' })],
        }),
      ]);
      expect(await digests()).toHaveLength(1);
      await sweep('2027-11-15T09:05:00.000Z');
      await sweep('2027-11-22T10:00:00.000Z');
      sent = await digests();
      expect(sent.map((d) => text(d.view).split('.')[0])).toEqual([
        '"Notes tidier" must be re-certified by 23 Nov 2027',
        '"Notes tidier" must be re-certified by 23 Nov 2027',
        '"Notes tidier" must be re-certified by 23 Nov 2027',
      ]);

      const expiry = await sweep('2027-11-23T10:00:00.000Z');
      expect(expiry.expired).toEqual(['Notes tidier']);
      expect((await registry.apps.find('Notes tidier'))?.status).toBe('expired');
      sent = await digests();
      expect(sent).toHaveLength(4);
      expect(sent[3]!.view?.title).toBe('Notes tidier: expired');
      expect((await registry.audit.events(0, 100)).map((e) => `${e.action}:${e.actorUser}`)).toContain(
        'app.expired:system:scheduler',
      );
      expect((await core.verifyAudit()).ok).toBe(true);
      await sweep('2027-11-24T10:00:00.000Z');
      expect(await digests()).toHaveLength(4);
    });

    test('after downtime the missed stages collapse: one message with the newest, never three', async () => {
      await core.submitRegistration(tier1(), owner);
      const late = await sweep('2027-11-17T10:00:00.000Z');
      expect(late.digests.flatMap((d) => d.items.map((i) => i.stage))).toEqual(['d7']);
      expect(await digests()).toHaveLength(1);

      // The 1-day reminder falls on a Monday night; by the next working hour the app has expired.
      expect((await sweep('2027-11-22T20:00:00.000Z')).digests[0]).toMatchObject({
        sent: false,
        items: [{ stage: 'd1' }],
      });
      const next = await sweep('2027-11-23T10:00:00.000Z');
      expect(next.superseded).toBe(1);
      expect(next.digests.flatMap((d) => d.items.map((i) => i.stage))).toEqual(['expired']);
    });

    test('a person in another time zone hears in their own working hours, across a daylight-saving change', async () => {
      await core.people.remember({
        ref: PEOPLE.owner,
        displayName: 'Olu Owner',
        timeZone: 'America/New_York',
        active: true,
      });
      await core.submitRegistration(tier1(), owner);
      // 25 Oct 2027 10:00 UTC is 06:00 in New York: too early.
      expect((await sweep('2027-10-25T10:00:00.000Z')).digests[0]).toMatchObject({
        sent: false,
        sendAt: '2027-10-25T13:00:00.000Z',
      });
      expect((await sweep('2027-10-25T13:00:00.000Z')).digests[0]).toMatchObject({ sent: true });
      // New York leaves daylight saving on 7 Nov 2027: 09:00 there is 14:00 UTC from then on.
      expect((await sweep('2027-11-16T13:30:00.000Z')).digests[0]).toMatchObject({
        sent: false,
        sendAt: '2027-11-16T14:00:00.000Z',
      });
    });

    test('re-certifying from the reminder renews the app and cancels what was waiting', async () => {
      await core.submitRegistration(tier1(), owner);
      await sweep('2027-10-25T10:00:00.000Z');
      const [digest] = await digests();
      const recertify = buttons(digest!.view).find((b) => b.actionId === ACTIONS.recertify)!;
      expect(
        (await refusal(core.answerReminder({ reminderId: recertify.value, action: 'recertify' }, stranger))).code,
      ).toBe('app.not_owner');
      const done = await core.answerReminder({ reminderId: recertify.value, action: 'recertify' }, owner);
      expect(done).toMatchObject({ action: 'recertified', app: { expiresAt: '2028-10-24T10:00:00.000Z' } });
      expect(await createPresenter(core).render(digest!.message)).toBeUndefined();
      expect((await sweep('2027-11-17T10:00:00.000Z')).digests).toEqual([]);
    });

    /** An approved tier 2 app swept when its first re-certification reminder is due: that reminder's id, from its Snooze button. */
    async function snoozableReminder(): Promise<string> {
      await core.submitRegistration(tier2(), owner);
      await core.decideReview({
        reviewId: (await core.appDetails('Inbox router'))!.review!.id,
        actor: reviewer,
        verdict: 'approve',
      });
      await sweep('2027-10-25T10:00:00.000Z');
      const snooze = buttons((await digests())[0]!.view).find((b) => b.actionId === ACTIONS.snooze)!;
      return snooze.value.split(':')[0]!;
    }

    test('snooze: only the recipient, only the days the policy offers, and never past the cap', async () => {
      t.withReminders({ maxPerCycle: 2 });
      const reminderId = await snoozableReminder();
      expect((await refusal(core.answerReminder({ reminderId, action: 'snooze', days: 1 }, stranger))).code).toBe(
        'reminder.not_yours',
      );
      expect((await refusal(core.answerReminder({ reminderId, action: 'snooze', days: 3 }, owner))).code).toBe(
        'reminder.not_snoozable',
      );
      expect(await core.answerReminder({ reminderId, action: 'snooze', days: 1 }, owner)).toMatchObject({
        action: 'snoozed',
        until: '2027-10-26T10:00:00.000Z',
      });
      expect((await sweep('2027-10-25T16:00:00.000Z')).digests).toEqual([]);
      expect((await sweep('2027-10-26T10:00:00.000Z')).digests).toEqual([
        expect.objectContaining({ recipient: PEOPLE.owner, sent: true }),
      ]);
      expect((await refusal(core.answerReminder({ reminderId, action: 'snooze', days: 1 }, owner))).message).toMatch(
        /2 reminders/,
      );

      // The owner has had two: the 14-day reminder escalates to the backup owner instead.
      const escalated = await sweep('2027-11-09T10:00:00.000Z');
      expect(escalated.digests).toEqual([
        expect.objectContaining({ recipient: PEOPLE.backup, items: [expect.objectContaining({ stage: 'd14' })] }),
      ]);
      const last = (await digests()).at(-1)!;
      expect(last.to).toBe(PEOPLE.backup);
      expect(text(last.view)).toMatch(/has not done it after several reminders/);
      expect(buttons(last.view).map((b) => b.actionId)).not.toContain(ACTIONS.snooze);
      await core.answerReminder({ reminderId: buttons(last.view)[0]!.value, action: 'recertify' }, backup);
      expect((await registry.apps.find('Inbox router'))?.status).toBe('approved');
    });

    test('snooze: refused once the reminder is settled, here by a re-certification since it was sent', async () => {
      const reminderId = await snoozableReminder();
      await core.recertifyApp('Inbox router', owner);
      const refused = await refusal(core.answerReminder({ reminderId, action: 'snooze', days: 1 }, owner));
      expect(refused.code).toBe('reminder.not_found');
      expect((await registry.read((tx) => tx.reminders.find(reminderId)))?.state).toBe('sent');
    });

    test('review deadline: reviewers after 2 business days, the fallback reviewer after 5, nothing once decided', async () => {
      await core.submitRegistration(tier2(), owner);
      expect((await sweep('2026-11-24T10:00:00.000Z')).digests).toEqual([]);
      const remind = await sweep('2026-11-25T10:00:00.000Z');
      expect(remind.digests.map((d) => d.recipient).sort()).toEqual(
        [PEOPLE.emailReviewer, PEOPLE.reviewer, PEOPLE.reviewer2].sort(),
      );
      const toReviewer = (await digests()).find((d) => d.to === PEOPLE.reviewer)!;
      expect(text(toReviewer.view)).toMatch(/"Inbox router" has waited since 23 Nov 2026 for 1 reviewer approval/);
      const escalate = await sweep('2026-11-30T10:00:00.000Z');
      expect(escalate.digests).toEqual([
        expect.objectContaining({
          recipient: PEOPLE.reviewer2,
          items: [expect.objectContaining({ stage: 'escalate' })],
        }),
      ]);
      expect(text((await digests()).at(-1)!.view)).toMatch(/past its review deadline of 5 business days/);
      await core.decideReview({
        reviewId: (await core.appDetails('Inbox router'))!.review!.id,
        actor: reviewer,
        verdict: 'approve',
      });
      expect(await createPresenter(core).render((await digests()).at(-1)!.message)).toBeUndefined();
      expect((await sweep('2026-12-01T10:00:00.000Z')).digests).toEqual([]);
    });

    test('one digest per person: every item in one message', async () => {
      await core.submitRegistration(tier1(), owner);
      await core.submitRegistration(tier1({ name: 'Second helper' }), owner);
      const report = await sweep('2027-10-25T10:00:00.000Z');
      expect(report.digests).toHaveLength(1);
      expect(report.digests[0]!.items.map((i) => i.app).sort()).toEqual(['Notes tidier', 'Second helper']);
      const [digest] = await digests();
      expect(digest!.view?.title).toBe('2 things need your attention');
    });

    test('a dry run reports what would go out and changes nothing', async () => {
      await core.submitRegistration(tier1(), owner);
      t.state.now = new Date('2027-11-24T10:00:00.000Z');
      const preview = await core.runDueWork({ dryRun: true });
      expect(preview).toMatchObject({
        expired: ['Notes tidier'],
        digests: [{ recipient: PEOPLE.owner, items: [{ stage: 'expired' }] }],
      });
      expect((await registry.apps.find('Notes tidier'))?.status).toBe('approved');
      expect(await digests()).toEqual([]);
      expect((await core.runDueWork()).expired).toEqual(['Notes tidier']);
    });
  });
}
