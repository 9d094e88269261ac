import type { Actor } from '../../src/domain/actor';
import type { Registry } from '../../src/ports/registry';
import { ACTIONS } from '../../src/views/action-ids';
import { tier2 } from '../support/manifests';
import { refusal } from '../support/refusal';
import { DIALECTS } from '../support/test-databases';
import type { ClockedCore } from '../support/clocked-core';
import { clockedCore } from '../support/clocked-core';
import { PEOPLE } from '../support/test-policy';
import { createPresenter } from '../../src/views/create-presenter';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };
const reviewer: Actor = { platform: 'slack', userId: 'UREVIEWER' };
const stranger: Actor = { platform: 'slack', userId: 'USTRANGER' };

/** Approved on Monday 23 Nov 2026 at 10:00 UTC: quiet for 90 days on Sunday 21 Feb 2027. */
const APPROVED = '2026-11-23T10:00:00.000Z';

for (const dialect of DIALECTS) {
  describe(`inactive apps on ${dialect}`, () => {
    let t: ClockedCore;
    let registry: Registry;
    let core: ClockedCore['core'];
    beforeEach(async () => {
      t = await clockedCore(dialect, APPROVED);
      ({ registry, core } = t);
      await core.people.remember({
        ref: PEOPLE.owner,
        email: 'olivia@example.com',
        displayName: 'Olivia Owner',
        active: true,
      });
      await core.people.remember({ ref: PEOPLE.backup, displayName: 'Bo Backup', active: true });
      await core.submitRegistration(tier2({ name: 'Inbox router' }), owner);
      await core.decideReview({
        reviewId: (await core.appDetails('Inbox router'))!.review!.id,
        actor: reviewer,
        verdict: 'approve',
      });
    });
    afterEach(() => registry.close());
    const sweep = (iso: string) => t.sweep(iso);
    const at = (iso: string) => (t.state.now = new Date(iso));
    const digests = async () => {
      const rows = (await registry.outbox.list({ states: ['pending'], limit: 1000 }))
        .filter((r) => r.message.view === 'reminder_digest')
        .reverse();
      return Promise.all(
        rows.map(async (r) => ({
          to: r.recipient.kind === 'person' ? r.recipient.ref : '',
          view: await createPresenter(core).render(r.message),
        })),
      );
    };
    const textOf = (view: { blocks: unknown[] } | undefined) =>
      (view?.blocks ?? []).map((b) => (b as { text?: string }).text ?? '').join('\n');
    const buttons = (view: { blocks: unknown[] } | undefined) =>
      (view?.blocks ?? []).flatMap((b) =>
        (b as { type: string }).type === 'actions'
          ? (b as { buttons: { actionId: string; value: string; label: string }[] }).buttons
          : [],
      );
    const actions = async () => (await registry.audit.events(0, 500)).map((e) => e.action);

    test('quiet for 90 days: the owner is asked keep or retire; "Still in use" closes the cycle, audited, and nothing more comes', async () => {
      expect((await sweep('2027-02-19T10:00:00.000Z')).digests).toEqual([]);
      const asked = await sweep('2027-02-22T10:00:00.000Z');
      expect(asked.digests).toEqual([
        expect.objectContaining({
          recipient: PEOPLE.owner,
          sent: true,
          items: [
            expect.objectContaining({ obligation: 'inactivity', stage: 'ask', dueAt: '2027-02-21T10:00:00.000Z' }),
          ],
        }),
      ]);
      const [digest] = await digests();
      expect(digest!.view?.title).toBe('Inbox router: still in use?');
      expect(textOf(digest!.view)).toMatch(
        /Nothing has shown "Inbox router" in use since 23 Nov 2026 \(90 days or more\)\. Is it still needed\? Without an answer by 24 Mar 2027 it is decommissioned\./,
      );
      const [keep, retire] = buttons(digest!.view);
      expect(keep).toMatchObject({ actionId: ACTIONS.stillInUse, label: 'Still in use' });
      expect(retire).toMatchObject({ actionId: ACTIONS.retireApp, label: 'Retire it', value: 'Inbox router' });

      expect((await refusal(core.answerReminder({ reminderId: keep!.value, action: 'keep' }, stranger))).code).toBe(
        'app.not_owner',
      );
      at('2027-02-23T09:30:00.000Z');
      const kept = await core.answerReminder({ reminderId: keep!.value, action: 'keep' }, owner);
      expect(kept).toMatchObject({
        action: 'kept',
        app: { name: 'Inbox router', lastActiveAt: '2027-02-23T09:30:00.000Z' },
        askAgainAfterDays: 90,
      });
      const audit = (await registry.audit.events(0, 500)).find((e) => e.action === 'app.kept')!;
      expect(audit).toMatchObject({
        actorUser: 'slack:UOWNER',
        reason: 'still in use, in answer to the inactivity reminder',
      });
      expect(await createPresenter(core).render({ view: 'reminder_digest', digestId: kept.digestId! })).toBeUndefined();

      expect((await sweep('2027-03-01T10:00:00.000Z')).digests).toEqual([]);
      const past = await sweep('2027-03-24T10:00:00.000Z');
      expect(past.digests).toEqual([]);
      expect(past.retiredInactive).toEqual([]);
      expect((await registry.apps.find('Inbox router'))?.status).toBe('approved');
      const again = await sweep('2027-05-24T10:00:00.000Z');
      expect(again.digests).toEqual([
        expect.objectContaining({
          items: [
            expect.objectContaining({ obligation: 'inactivity', stage: 'ask', dueAt: '2027-05-24T09:30:00.000Z' }),
          ],
        }),
      ]);
    });

    test('a heartbeat resets the quiet time, and closes a question still waiting to go out', async () => {
      const { token } = await core.issueAppToken('Inbox router', owner);
      const app = (await registry.apps.find('Inbox router'))!;
      at('2027-02-01T08:00:00.000Z');
      expect(await core.recordHeartbeat({ app: app.id, token, sandbox: false })).toMatchObject({
        kind: 'recorded',
        written: true,
      });
      expect((await sweep('2027-02-22T10:00:00.000Z')).digests).toEqual([]);

      const held = await sweep('2027-05-02T10:00:00.000Z');
      expect(held.digests).toEqual([
        expect.objectContaining({
          recipient: PEOPLE.owner,
          sent: false,
          items: [expect.objectContaining({ stage: 'ask', dueAt: '2027-05-02T08:00:00.000Z' })],
        }),
      ]);
      expect(await core.recordHeartbeat({ app: 'inbox router', token, sandbox: false })).toMatchObject({
        kind: 'recorded',
        written: true,
      });
      const monday = await sweep('2027-05-03T10:00:00.000Z');
      expect(monday.cancelled).toBe(1);
      expect(monday.digests).toEqual([]);
    });

    test('unanswered 30 days after the question: decommissioned by the scheduler, token revoked, owner, backup owner and admins told; a late answer is refused', async () => {
      const { token } = await core.issueAppToken('Inbox router', owner);
      const asked = await sweep('2027-02-22T10:00:00.000Z');
      expect(asked.digests.map((d) => d.recipient)).toEqual([PEOPLE.owner]);
      const keep = buttons((await digests())[0]!.view).find((b) => b.actionId === ACTIONS.stillInUse)!;

      expect((await sweep('2027-03-24T09:59:00.000Z')).retiredInactive).toEqual([]);
      const retired = await sweep('2027-03-24T10:00:00.000Z');
      expect(retired.retiredInactive).toEqual(['Inbox router']);
      const app = (await registry.apps.find('Inbox router'))!;
      expect(app.status).toBe('decommissioned');
      const events = await registry.audit.events(0, 500);
      expect(events.find((e) => e.action === 'app.decommissioned')).toMatchObject({
        actorUser: 'system:scheduler',
        reason: 'no sign of use for 90 days, and nobody answered whether to keep it within 30 days',
      });
      expect(events.find((e) => e.action === 'app.token_revoked')).toMatchObject({
        actorUser: 'system:scheduler',
        reason: 'the app was decommissioned',
      });
      expect(retired.digests.map((d) => d.recipient).sort()).toEqual(
        [PEOPLE.admin, PEOPLE.backup, PEOPLE.owner].sort(),
      );
      const told = (await digests()).filter((d) => d.to === PEOPLE.admin).at(-1)!;
      expect(told.view?.title).toBe('Inbox router: decommissioned, not in use');
      expect(textOf(told.view)).toMatch(
        /"Inbox router" is decommissioned: nothing showed it in use since 23 Nov 2026, and nobody said to keep it within 30 days of being asked\. Its heartbeat token no longer works\./,
      );
      expect(await core.recordHeartbeat({ app: app.id, token, sandbox: false })).toEqual({
        kind: 'gone',
        appName: 'Inbox router',
      });

      const late = await refusal(core.answerReminder({ reminderId: keep.value, action: 'keep' }, owner));
      expect(late.code).toBe('app.wrong_status');
      expect((await createPresenter(core).explain(late, owner)).text).toMatch(
        /"Inbox router" was already decommissioned because nobody said it was still in use in time, so it cannot be kept now\. If it is still needed, register it again\./,
      );
      expect((await sweep('2027-03-29T10:00:00.000Z')).digests).toEqual([]);
      expect((await core.verifyAudit()).ok).toBe(true);
    });

    test('the question goes out late after downtime: the 30 days count from when it was sent, never zero', async () => {
      const late = await sweep('2027-06-01T10:00:00.000Z');
      expect(late.retiredInactive).toEqual([]);
      expect(late.digests).toEqual([expect.objectContaining({ items: [expect.objectContaining({ stage: 'ask' })] })]);
      expect((await sweep('2027-06-30T10:00:00.000Z')).retiredInactive).toEqual([]);
      expect((await sweep('2027-07-01T10:00:00.000Z')).retiredInactive).toEqual(['Inbox router']);
    });

    test('tokens: only the owner or backup owner gets one, a new one revokes the old, and decommissioning revokes it', async () => {
      const refused = await refusal(core.issueAppToken('Inbox router', stranger));
      expect((await createPresenter(core).explain(refused, stranger)).text).toBe(
        'Only Olivia Owner or Bo Backup (the owner or backup owner of "Inbox router") can get its token. A platform admin can also issue one with: microapp token issue "Inbox router"',
      );
      const first = await core.issueAppToken('Inbox router', owner);
      expect(first.token).toMatch(/^mab_[A-Za-z0-9_-]{59}$/);
      expect(first).toMatchObject({ replaced: false, heartbeatUrl: `/api/v1/apps/${first.app.id}/heartbeat` });
      const second = await core.issueAppToken('Inbox router', { platform: 'slack', userId: 'UBACKUP' });
      expect(second.replaced).toBe(true);
      expect(await core.recordHeartbeat({ app: first.app.id, token: first.token, sandbox: false })).toEqual({
        kind: 'unauthorized',
      });
      expect(await core.recordHeartbeat({ app: first.app.id, token: second.token, sandbox: false })).toMatchObject({
        kind: 'recorded',
      });
      const pasted = await refusal(
        core.submitRegistration(
          tier2({ name: 'Copy of router', purpose: `Reports use with ${second.token} every hour.` }),
          owner,
        ),
      );
      expect(pasted.details.fieldErrors).toEqual([expect.objectContaining({ field: 'purpose', secret: true })]);
      const issued = (await registry.audit.events(0, 500)).filter((e) => e.action === 'app.token_issued');
      expect(issued).toHaveLength(2);
      expect(JSON.stringify(await registry.audit.events(0, 500))).not.toContain(second.token.slice(4));
      await core.decommissionApp('Inbox router', { planCarriedOut: true, dataPurged: true }, owner);
      expect(await actions()).toEqual(expect.arrayContaining(['app.decommissioned', 'app.token_revoked']));
      expect(await core.recordHeartbeat({ app: first.app.id, token: second.token, sandbox: false })).toEqual({
        kind: 'gone',
        appName: 'Inbox router',
      });
      expect((await refusal(core.issueAppToken('Inbox router', owner))).code).toBe('app.wrong_status');
    });
  });
}
