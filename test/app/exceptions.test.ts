import type { Actor } from '../../src/domain/actor';
import type { Registry } from '../../src/ports/registry';
import { tier2 } from '../support/manifests';
import { refusal } from '../support/refusal';
import { DIALECTS } from '../support/test-databases';
import type { ClockedCore } from '../support/clocked-core';
import { clockedCore } from '../support/clocked-core';
import { PEOPLE } from '../support/test-policy';
import { createPresenter } from '../../src/views/create-presenter';

const owner: Actor = { platform: 'slack', userId: 'UOWNER' };
const reviewer: Actor = { platform: 'slack', userId: 'UREVIEWER' };
const admin: Actor = { platform: 'slack', userId: 'UADMIN' };
const stranger: Actor = { platform: 'slack', userId: 'USTRANGER' };
const CONTROLS = 'the key is read-only and rotated daily by the vault';
/** A personal app whose integration needs a secret: a reviewer and security must approve it; without that rule it is low risk. */
const withSecret = () =>
  tier2({
    audience: 'personal',
    expectedUsers: 1,
    integrations: [{ system: 'Jira', access: 'read', requiresSecret: true }],
    controls: ['logging', 'rollback', 'vaultSecrets'],
  });

for (const dialect of DIALECTS) {
  describe(`policy exceptions on ${dialect}`, () => {
    let t: ClockedCore;
    let registry: Registry;
    let core: ClockedCore['core'];
    beforeEach(async () => {
      t = await clockedCore(dialect, '2026-11-30T10:00:00.000Z');
      ({ registry, core } = t);
    });
    afterEach(() => registry.close());
    const queued = async () => (await registry.outbox.list({ states: ['pending'], limit: 1000 })).reverse();
    const grant = (rule: string, days: number | string, controls = CONTROLS, actor = admin, app = 'Inbox router') =>
      core.grantException({ text: `${app} ${rule} ${days} ${controls}` }, actor);
    const actions = async () => (await registry.audit.events(0, 500)).map((e) => e.action);

    test('refused, each with what to do: non-reviewers, owners, unknown or non-applying rules, too many days, missing or secret controls, a second one', async () => {
      await core.submitRegistration(withSecret(), owner);
      expect((await refusal(grant('integration-needs-secret', 7, CONTROLS, stranger))).message).toMatch(
        /Only reviewers .* and admins grant exceptions/,
      );
      expect((await refusal(grant('integration-needs-secret', 7, CONTROLS, owner))).code).toBe('exception.own_app');
      const unknown = await refusal(grant('integration-needs-secrets', 7));
      expect(unknown.code).toBe('exception.unknown_rule');
      expect(unknown.message).toMatch(
        /Did you mean integration-needs-secret\?.*The rules that apply to "Inbox router": .*integration-needs-secret/,
      );
      expect((await refusal(grant('uses-ai', 7))).message).toMatch(
        /does not apply to "Inbox router", so there is nothing to except/,
      );
      expect((await refusal(grant('integration-needs-secret', 15))).message).toMatch(/1 to 14 whole days/);
      expect((await refusal(grant('integration-needs-secret', 7, 'none'))).message).toMatch(/10 to 500 characters/);
      const secret = await refusal(
        grant(
          'integration-needs-secret',
          7,
          `use the key ${['sk', 'live', 'a1B2c3D4e5F6g7H8i9J0k1L2'].join('_')} only`,
        ),
      );
      expect(secret.code).toBe('input.invalid');
      await grant('integration-needs-secret', 7);
      const again = await refusal(grant('integration-needs-secret', 3, CONTROLS, reviewer));
      expect(again.code).toBe('exception.exists');
      expect((await createPresenter(core).explain(again)).text).toMatch(/until 7 Dec 2026|until Dec 7, 2026|until 07/);
      expect(JSON.stringify(await queued())).not.toContain('a1B2c3D4e5F6g7H8i9J0k1L2');
      expect((await actions()).filter((a) => a === 'exception.granted')).toHaveLength(1);
    });

    test('a grant that lowers what a waiting review needs decides it; the owner and the granter are told; details show it', async () => {
      const { review } = await core.submitRegistration(withSecret(), owner);
      expect(review!.requiredApprovals.map((r) => r.role).sort()).toEqual(['reviewer', 'security']);
      await core.decideReview({ reviewId: review!.id, actor: reviewer, verdict: 'approve' });
      const granted = await grant('integration-needs-secret', 10);
      expect(granted.outcome).toBe('approved');
      expect((await core.findApp('Inbox router'))!.status).toBe('approved');
      const notices = (await queued()).filter(
        (r) => r.message.view === 'notice' && r.message.notice.type === 'exception_granted',
      );
      expect(notices.map((r) => (r.recipient.kind === 'person' ? r.recipient.ref : '')).sort()).toEqual(
        [PEOPLE.admin, PEOPLE.owner].sort(),
      );
      const note = await createPresenter(core).render(notices[0]!.message);
      expect(JSON.stringify(note)).toMatch(
        /exception to the rule integration-needs-secret until .*Instead: the key is read-only/,
      );
      expect(await actions()).toEqual(expect.arrayContaining(['exception.granted', 'review.approved']));
      const details = await core.describeApp('Inbox router');
      expect(details!.exceptions!.map((e) => e.ruleId)).toEqual(['integration-needs-secret']);
      expect((await core.activeExceptions()).map((e) => e.appName)).toEqual(['Inbox router']);
    });

    test('reminders 3 and 1 days before to the owner and the granter; at expiry the rule applies again and a review opens', async () => {
      const { review } = await core.submitRegistration(withSecret(), owner);
      await core.decideReview({ reviewId: review!.id, actor: reviewer, verdict: 'approve' });
      await grant('integration-needs-secret', 10);
      expect((await t.sweep('2026-12-07T09:59:00.000Z')).digests).toEqual([]);
      const d3 = await t.sweep('2026-12-07T10:00:00.000Z');
      expect(d3.digests.map((d) => [d.recipient, d.items.map((i) => `${i.obligation}:${i.stage}`)]).sort()).toEqual(
        [
          [PEOPLE.admin, ['exception:d3']],
          [PEOPLE.owner, ['exception:d3']],
        ].sort(),
      );
      const ownerDigest = (await queued()).find(
        (r) =>
          r.message.view === 'reminder_digest' && r.recipient.kind === 'person' && r.recipient.ref === PEOPLE.owner,
      )!;
      const view = await createPresenter(core).render(ownerDigest.message);
      expect(view!.title).toMatch(/^Inbox router: exception to integration-needs-secret ends/);
      expect(view!.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => x.label) : []))).toEqual([
        'Change details',
      ]);
      expect((await t.sweep('2026-12-08T10:00:00.000Z')).digests).toEqual([]);
      const d1 = await t.sweep('2026-12-09T10:00:00.000Z');
      expect(d1.digests.flatMap((d) => d.items.map((i) => i.stage))).toEqual(['d1', 'd1']);

      const preview = await core.runDueWork({ at: new Date('2026-12-10T10:00:00.000Z'), dryRun: true });
      expect(preview.digests.flatMap((d) => d.items.map((i) => i.stage))).toEqual(['ended', 'ended']);
      expect(await core.activeExceptions()).toHaveLength(1);

      const ended = await t.sweep('2026-12-10T10:00:00.000Z');
      expect(ended.digests.map((d) => d.recipient).sort()).toEqual([PEOPLE.admin, PEOPLE.owner].sort());
      expect(await core.activeExceptions()).toEqual([]);
      const { review: reopened } = (await core.appDetails('Inbox router'))!;
      expect(reopened).toMatchObject({
        status: 'open',
        requiredApprovals: expect.arrayContaining([{ role: 'security', count: 1 }]),
      });
      expect(
        (await queued()).some((r) => r.message.view === 'approval_card' && r.message.reviewId === reopened!.id),
      ).toBe(true);
      const events = await registry.audit.events(0, 500);
      expect(events.find((e) => e.action === 'exception.ended')).toMatchObject({ actorUser: 'system:scheduler' });
      expect(events.map((e) => e.action)).toContain('review.opened');
      const endedDigest = (await queued()).filter((r) => r.message.view === 'reminder_digest').at(-1)!;
      expect(JSON.stringify(await createPresenter(core).render(endedDigest.message))).toMatch(
        /ran out on .*the rule applies again\. It was assessed again and waits for review/,
      );
      expect((await t.sweep('2026-12-11T10:00:00.000Z')).digests).toEqual([]);
    });

    test('after downtime the missed stages collapse into one; a waiting team app is approved under the waiver', async () => {
      await core.submitRegistration(tier2(), owner);
      const granted = await grant('team-audience', 10, CONTROLS, reviewer);
      expect(granted.outcome).toBe('approved');
      expect(granted.assessment.reasons.find((r) => r.rule === 'team-audience')?.excepted).toMatchObject({
        controls: CONTROLS,
      });
      const late = await t.sweep('2026-12-09T10:00:00.000Z');
      expect(late.digests.map((d) => d.items.map((i) => i.stage))).toEqual([['d1'], ['d1']]);
    });
  });
}
