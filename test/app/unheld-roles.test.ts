import type { Actor } from '../../src/domain/actor';
import type { Registry } from '../../src/ports/registry';
import { plainText } from '../../src/views/plain-text';
import { appDetails } from '../../src/views/app-details';
import { createPresenter } from '../../src/views/create-presenter';
import { tier2, tier3 } from '../support/manifests';
import type { ClockedCore } from '../support/clocked-core';
import { clockedCore } from '../support/clocked-core';
import { DIALECTS } from '../support/test-databases';
import { PEOPLE } from '../support/test-policy';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };
const reviewer: Actor = { platform: 'slack', userId: 'UREVIEWER' };

for (const dialect of DIALECTS) {
  describe(`a review that needs a role nobody holds, on ${dialect}`, () => {
    let t: ClockedCore;
    let registry: Registry;
    let core: ClockedCore['core'];
    /** Security and the fallback role are empty; admins are one Slack user and one Teams user (Teams is not connected here). */
    const withRoles = (admins: string[]) => {
      const roles = t.state.policy.roles;
      t.state.policy = {
        ...t.state.policy,
        roles: {
          ...roles,
          security: { ...roles.security!, members: [] },
          'fallback-reviewer': { ...roles['fallback-reviewer']!, members: [] },
          admin: { ...roles.admin!, members: admins },
        },
      };
    };
    beforeEach(async () => {
      t = await clockedCore(dialect, '2026-11-23T10:00:00.000Z');
      ({ registry, core } = t);
      t.withInactivity({ afterDays: 3650 });
    });
    afterEach(() => registry.close());

    const pending = async () => (await registry.outbox.list({ states: ['pending'], limit: 1000 })).reverse();
    const unheldNotices = async () =>
      (await pending()).filter((r) => r.message.view === 'notice' && r.message.notice.type === 'role_unheld');

    test('the submitter hears at once, and admins reachable on a connected platform are told once a day', async () => {
      withRoles([PEOPLE.admin, 'teams:TADMIN']);
      const first = await core.submitRegistration(tier3(), owner);
      const summaryRow = (await pending()).find((r) => r.message.view === 'risk_summary')!;
      const summary = plainText((await createPresenter(core).render(summaryRow.message))!);
      expect(summary).toMatch(/nobody holds the security role yet; an admin has been told/);

      const notices = await unheldNotices();
      expect(notices.map((r) => r.recipient)).toEqual([{ kind: 'person', ref: PEOPLE.admin }]);
      const notice = plainText((await createPresenter(core).render(notices[0]!.message))!);
      expect(notice).toMatch(/"Renewal nudger" waits for an approval from the security role, which nobody holds/);
      expect(notice).toMatch(/roles\.security\.members in policies\/roles\.yaml/);

      await core.submitRegistration(tier3({ name: 'Renewal nudger two' }), owner);
      expect(await unheldNotices()).toHaveLength(1);
      t.state.now = new Date('2026-11-24T10:00:00.000Z');
      await core.submitRegistration(tier3({ name: 'Renewal nudger three' }), owner);
      expect(await unheldNotices()).toHaveLength(2);
      expect(first.review?.status).toBe('open');
    });

    test('a review reopened when an exception ends tells the admins too, once a day per role like a registration', async () => {
      const withSecret = tier2({
        audience: 'personal',
        expectedUsers: 1,
        integrations: [{ system: 'Jira', access: 'read', requiresSecret: true }],
        controls: ['logging', 'rollback', 'vaultSecrets'],
      });
      const { review } = await core.submitRegistration(withSecret, owner);
      await core.decideReview({ reviewId: review!.id, actor: reviewer, verdict: 'approve' });
      await core.grantException(
        { text: 'Inbox router integration-needs-secret 3 the key is read-only and rotated daily by the vault' },
        { platform: 'slack', userId: 'UADMIN' },
      );
      expect((await core.appDetails('Inbox router'))!.app.status).toBe('approved');
      withRoles([PEOPLE.admin]);
      expect(await unheldNotices()).toEqual([]);

      await t.sweep('2026-11-26T10:00:00.000Z');
      const { review: reopened } = (await core.appDetails('Inbox router'))!;
      expect(reopened).toMatchObject({
        status: 'open',
        requiredApprovals: expect.arrayContaining([{ role: 'security', count: 1 }]),
      });
      const notices = await unheldNotices();
      expect(notices.map((r) => [r.recipient, r.message])).toEqual([
        [
          { kind: 'person', ref: PEOPLE.admin },
          { view: 'notice', notice: { type: 'role_unheld', appId: reopened!.appId, role: 'security' } },
        ],
      ]);
      await core.submitRegistration(tier3(), owner);
      expect(await unheldNotices()).toHaveLength(1);
    });

    test('with no admin reachable the submitter is told whom to ask, and nothing is queued for admins', async () => {
      withRoles(['teams:TADMIN']);
      await core.submitRegistration(tier3(), owner);
      const summaryRow = (await pending()).find((r) => r.message.view === 'risk_summary')!;
      const summary = plainText((await createPresenter(core).render(summaryRow.message))!);
      expect(summary).toMatch(/nobody holds the security role yet and no admin can be told/);
      expect(summary).toMatch(/roles\.security\.members in policies\/roles\.yaml/);
      expect(await unheldNotices()).toEqual([]);
    });

    test('reminders and escalation go to the admins, and show and the preview say so', async () => {
      withRoles([PEOPLE.admin]);
      const { review } = await core.submitRegistration(tier3(), owner);
      const details = plainText(appDetails((await core.describeApp('Renewal nudger'))!, 'UTC'));
      expect(details).toMatch(/Nobody holds the security role yet, so it cannot be approved/);
      expect(details).toMatch(/If nobody decides, reviewers are reminded on/);
      expect(details).toMatch(/it goes to the admins \(nobody holds Fallback reviewer\)/);

      const remind = await core.runDueWork({ at: new Date('2026-11-25T12:00:00.000Z'), dryRun: true });
      const reviewItems = (r: typeof remind) =>
        r.digests.flatMap((d) =>
          d.items.filter((i) => i.obligation === 'review_deadline').map((i) => ({ to: d.recipient, stage: i.stage })),
        );
      expect(reviewItems(remind).sort((a, b) => a.to.localeCompare(b.to))).toEqual([
        { to: PEOPLE.platform, stage: 'remind' },
        { to: PEOPLE.security, stage: 'remind' },
      ]);
      const escalate = await core.runDueWork({ at: new Date('2026-11-30T12:00:00.000Z'), dryRun: true });
      expect(reviewItems(escalate)).toEqual([{ to: PEOPLE.admin, stage: 'escalate' }]);
      expect(review?.status).toBe('open');
    });

    test('when nobody holds any role the review waits for, its reminder goes to the admins', async () => {
      withRoles([PEOPLE.admin]);
      const roles = t.state.policy.roles;
      t.state.policy = { ...t.state.policy, roles: { ...roles, platform: { ...roles.platform!, members: [] } } };
      await core.submitRegistration(tier3(), owner);
      const details = plainText(appDetails((await core.describeApp('Renewal nudger'))!, 'UTC'));
      expect(details).toMatch(/Nobody holds the security or platform role yet/);
      expect(details).toMatch(/If nobody decides, the admins are reminded on/);
      const remind = await core.runDueWork({ at: new Date('2026-11-25T12:00:00.000Z'), dryRun: true });
      expect(
        remind.digests
          .filter((d) => d.items.some((i) => i.obligation === 'review_deadline' && i.stage === 'remind'))
          .map((d) => d.recipient),
      ).toEqual([PEOPLE.admin]);
      await core.runDueWork({ at: new Date('2026-11-25T12:00:00.000Z') });
      const digest = (await pending()).find(
        (r) =>
          r.message.view === 'reminder_digest' && r.recipient.kind === 'person' && r.recipient.ref === PEOPLE.admin,
      )!;
      expect(plainText((await createPresenter(core).render(digest.message))!)).toMatch(
        /It comes to you as an admin\. Nobody holds the security or platform role/,
      );
    });
  });
}
