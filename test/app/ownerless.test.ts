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
const backup: Actor = { platform: 'slack', userId: 'UBACKUP' };
const reviewer: Actor = { platform: 'slack', userId: 'UREVIEWER' };
const stranger: Actor = { platform: 'slack', userId: 'USTRANGER' };

for (const dialect of DIALECTS) {
  describe(`ownerless apps on ${dialect}`, () => {
    let t: ClockedCore;
    let registry: Registry;
    let core: ClockedCore['core'];
    beforeEach(async () => {
      t = await clockedCore(dialect, '2026-11-23T10:00:00.000Z');
      ({ registry, core } = t);
      await core.people.remember({
        ref: PEOPLE.owner,
        email: 'olivia@example.com',
        displayName: 'Olivia Owner',
        active: true,
      });
      for (const name of ['Inbox router', 'Leave tracker']) {
        await core.submitRegistration(tier2({ name }), owner);
        await core.decideReview({
          reviewId: (await core.appDetails(name))!.review!.id,
          actor: reviewer,
          verdict: 'approve',
        });
      }
    });
    afterEach(() => registry.close());
    const sweep = (iso: string) => t.sweep(iso);
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

    test('the owner leaves: the backup owner is asked to take over, and taking it stops the reminders', async () => {
      expect((await sweep('2026-11-24T10:00:00.000Z')).digests).toEqual([]);
      expect(await core.deactivatePerson('olivia@example.com')).toMatchObject({
        active: false,
        deactivatedAt: '2026-11-24T10:00:00.000Z',
      });
      const asked = await sweep('2026-11-24T11:00:00.000Z');
      expect(asked.digests).toEqual([
        expect.objectContaining({
          recipient: PEOPLE.backup,
          items: [
            expect.objectContaining({ obligation: 'ownerless', stage: 'claim' }),
            expect.objectContaining({ stage: 'claim' }),
          ],
        }),
      ]);
      const [digest] = await digests();
      expect(digest!.view?.blocks.map((b) => ('text' in b ? b.text : '')).join('\n')).toMatch(
        /Olivia Owner, who owns "Inbox router", has left \(their account was closed on 24 Nov 2026\)\. It needs a new owner by 24 Dec 2026/,
      );
      const takes = digest!
        .view!.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))
        .filter((b) => b.actionId === ACTIONS.claimApp);
      const router = (await registry.apps.find('Inbox router'))!;
      expect(takes.map((b) => b.value)).toContain(router.id);
      const take = takes.find((b) => b.value === router.id)!;

      expect((await refusal(core.claimApp(take.value, stranger))).code).toBe('app.not_owner');
      const claimed = await core.claimApp(take.value, backup);
      expect(claimed).toMatchObject({ owner: PEOPLE.backup, backupOwner: undefined });
      expect((await refusal(core.claimApp(take.value, backup))).code).toBe('app.wrong_status');
      expect((await registry.audit.events(0, 100)).map((e) => e.action)).toContain('app.claimed');
      const later = await sweep('2026-12-25T10:00:00.000Z');
      expect(later.retired).toEqual(['Leave tracker']);
      expect((await registry.apps.find('Inbox router'))?.status).toBe('approved');
    });

    test('unclaimed after 30 days: decommissioned by the scheduler, and admins and the backup owner are told', async () => {
      await core.deactivatePerson(PEOPLE.owner);
      await sweep('2026-11-24T10:00:00.000Z');
      const retired = await sweep('2026-12-24T10:00:00.000Z');
      expect(retired.retired.sort()).toEqual(['Inbox router', 'Leave tracker']);
      expect((await registry.apps.find('Inbox router'))?.status).toBe('decommissioned');
      expect(
        (await registry.audit.events(0, 200)).filter((e) => e.action === 'app.decommissioned').map((e) => e.actorUser),
      ).toEqual(['system:scheduler', 'system:scheduler']);
      expect(retired.digests.map((d) => d.recipient).sort()).toEqual([PEOPLE.admin, PEOPLE.backup].sort());
      const last = (await digests()).filter((d) => d.to === PEOPLE.admin).at(-1)!;
      expect(last.view?.title).toBe('2 things need your attention');
      expect(last.view?.blocks.map((b) => ('text' in b ? b.text : '')).join('\n')).toMatch(
        /"Inbox router" is decommissioned: Olivia Owner left on 23 Nov 2026 and nobody took it over within 30 days/,
      );
      expect((await sweep('2026-12-28T10:00:00.000Z')).digests).toEqual([]);
      expect((await core.verifyAudit()).ok).toBe(true);
    });

    test('a platform saying the account is gone counts the same; coming back clears it', async () => {
      await core.people.remember({ ref: PEOPLE.owner, active: false });
      expect((await sweep('2026-11-24T10:00:00.000Z')).digests.map((d) => d.recipient)).toEqual([PEOPLE.backup]);
      await core.people.remember({ ref: PEOPLE.owner, active: true });
      expect((await sweep('2026-11-25T10:00:00.000Z')).cancelled).toBe(0);
      expect((await sweep('2026-12-30T10:00:00.000Z')).retired).toEqual([]);
    });
  });
}
