import { testCore } from '../support/test-core';
import type { Actor } from '../../src/domain/actor';
import { AppError } from '../../src/domain/errors';
import { describeError } from '../../src/views/describe-error';
import type { Registry } from '../../src/ports/registry';
import type { Policy } from '../../src/policy/policy';
import { DIALECTS, createTestRegistry } from '../support/test-databases';
import { PEOPLE, loadTestPolicy } from '../support/test-policy';
import { tier1, tier2, tier3 } from '../support/manifests';

const NOW = new Date('2026-11-21T10:00:00.000Z');
const slack = (ref: string, email?: string): Actor => ({
  platform: 'slack',
  tenant: 'T1',
  userId: ref.replace(/^slack:/, ''),
  email,
});
const cli: Actor = { platform: 'cli', userId: 'ops' };

async function auditActions(registry: Registry): Promise<string[]> {
  return (await registry.audit.events(0, 10_000)).map((e) => `${e.action}:${e.outcome}`);
}

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected an AppError, got ${String(error)}`);
  return error;
}

let policy: Policy;
beforeAll(async () => {
  policy = await loadTestPolicy();
});

for (const dialect of DIALECTS) {
  describe(`registration and review on ${dialect}`, () => {
    let registry: Registry;
    let core: ReturnType<typeof testCore>;
    beforeEach(async () => {
      registry = await createTestRegistry(dialect);
      core = testCore(registry, policy, { now: () => NOW });
    });
    afterEach(() => registry.close());

    test('tier 1 is approved at once and expires after the re-certification period', async () => {
      const result = await core.submitRegistration(tier1(), cli);
      expect(result.app.status).toBe('approved');
      expect(result.review).toBeUndefined();
      expect(result.app.expiresAt).toBe('2027-11-21T10:00:00.000Z');
      const stored = await registry.apps.find('NOTES TIDIER');
      expect(stored).toMatchObject({ status: 'approved', tier: 1, approvedRevisionId: result.revision.id });
      expect(await auditActions(registry)).toEqual(['registration.submitted:success', 'app.approved:success']);
    });

    test('tier 2 opens a review for one reviewer and stays pending', async () => {
      const result = await core.submitRegistration(tier2(), cli);
      expect(result.app.status).toBe('pending_review');
      expect(result.review?.requiredApprovals).toEqual([{ role: 'reviewer', count: 1 }]);
      expect(await auditActions(registry)).toEqual(['registration.submitted:success', 'review.opened:success']);
    });

    test('a prohibited use is recorded as prohibited with no review', async () => {
      const result = await core.submitRegistration(tier1({ impersonatesEmployees: true }), cli);
      expect(result.app.status).toBe('prohibited');
      expect(result.assessment.contact).toContain('governance');
      expect(await auditActions(registry)).toEqual(['registration.submitted:success', 'app.prohibited:success']);
    });

    test('what the tier demands comes back as field errors and nothing is stored', async () => {
      const error = await rejection(core.submitRegistration(tier2({ backupOwner: undefined, controls: [] }), cli));
      expect(error.code).toBe('input.invalid');
      expect(error.details.fieldErrors?.map((e) => e.field).sort()).toEqual(['backupOwner', 'controls']);
      expect(error.details.fieldErrors?.find((e) => e.field === 'controls')?.message).toMatch(
        /Confirm Logging and Rollback plan are in place/,
      );
      expect((await registry.apps.list({ limit: 10 })).apps).toEqual([]);
    });

    test('a pasted secret is rejected and never stored or audited', async () => {
      const token = ['xoxb', '123456789012', '1234567890123', 'AbCdEfGhIjKlMnOpQrStUvWx'].join('-');
      const error = await rejection(core.submitRegistration(tier1({ purpose: `Posts with ${token} daily` }), cli));
      expect(error.details.fieldErrors).toEqual([
        expect.objectContaining({ field: 'purpose', message: expect.stringMatching(/vault/) }),
      ]);
      expect(JSON.stringify(error)).not.toContain(token);
      expect(error.message).not.toContain(token);
      expect(await registry.audit.events(0, 10)).toEqual([]);
    });

    test('names are unique whatever their case', async () => {
      await core.submitRegistration(tier1(), cli);
      const error = await rejection(
        core.submitRegistration(tier1({ name: 'notes TIDIER', owner: 'someone@example.com' }), cli),
      );
      expect(error.code).toBe('registration.name_taken');
    });

    test('a denied app can be registered again by its owner as a new revision', async () => {
      const first = await core.submitRegistration(tier2(), cli);
      await core.decideReview({
        reviewId: first.review!.id,
        actor: slack(PEOPLE.reviewer),
        verdict: 'deny',
        reason: 'Needs a rollback plan',
      });
      const second = await core.submitRegistration(
        tier2({ purpose: 'Routes the support inbox, now with a rollback plan.' }),
        cli,
      );
      expect(second.app.id).toBe(first.app.id);
      expect(second.revision.number).toBe(2);
      expect(second.app.status).toBe('pending_review');
      const other = await rejection(core.submitRegistration(tier2({ owner: 'someone@example.com' }), cli));
      expect(other.code).toBe('registration.name_taken');
    });

    test('one reviewer approves tier 2', async () => {
      const { review } = await core.submitRegistration(tier2(), cli);
      const result = await core.decideReview({
        reviewId: review!.id,
        actor: slack(PEOPLE.reviewer),
        verdict: 'approve',
      });
      expect(result.outcome).toBe('approved');
      expect(result.app).toMatchObject({ status: 'approved', expiresAt: '2027-11-21T10:00:00.000Z' });
      expect(await registry.apps.find('Inbox router')).toMatchObject({
        status: 'approved',
        approvedRevisionId: review!.revisionId,
      });
    });

    test('role members can be emails, matched through the directory email', async () => {
      const { review } = await core.submitRegistration(tier2(), cli);
      const result = await core.decideReview({
        reviewId: review!.id,
        actor: slack('slack:UOTHER', 'Reviewer@Example.com'),
        verdict: 'approve',
      });
      expect(result.outcome).toBe('approved');
    });

    test('someone without a required role is refused, and the refusal is audited', async () => {
      const { review } = await core.submitRegistration(tier2(), cli);
      const error = await rejection(
        core.decideReview({ reviewId: review!.id, actor: slack(PEOPLE.stranger), verdict: 'approve' }),
      );
      expect(error.code).toBe('review.not_authorized');
      expect(error.details.roles).toEqual(['reviewer']);
      expect(await auditActions(registry)).toContain('review.approve_refused:refused');
      expect((await registry.apps.find('Inbox router'))?.status).toBe('pending_review');
    });

    test('the owner and the backup owner cannot decide their own app, even with the role', async () => {
      const { review } = await core.submitRegistration(tier3({ backupOwner: PEOPLE.backup }), cli);
      const owner = await rejection(
        core.decideReview({ reviewId: review!.id, actor: slack(PEOPLE.owner), verdict: 'approve' }),
      );
      const backup = await rejection(
        core.decideReview({ reviewId: review!.id, actor: slack(PEOPLE.backup), verdict: 'deny', reason: 'no' }),
      );
      expect([owner.code, backup.code]).toEqual(['review.own_app', 'review.own_app']);
      expect((await auditActions(registry)).filter((a) => a.endsWith(':refused'))).toHaveLength(2);
    });

    test('tier 3 needs two distinct people: security, then platform', async () => {
      const { review } = await core.submitRegistration(tier3(), cli);
      expect(review?.requiredApprovals).toEqual([
        { role: 'security', count: 1 },
        { role: 'platform', count: 1 },
      ]);
      const first = await core.decideReview({
        reviewId: review!.id,
        actor: slack(PEOPLE.security),
        verdict: 'approve',
      });
      expect(first.outcome).toBe('approval_recorded');
      expect(first.remaining).toEqual([{ role: 'platform', count: 1 }]);
      // The security reviewer also holds the platform role, but one person never counts twice.
      const again = await rejection(
        core.decideReview({ reviewId: review!.id, actor: slack(PEOPLE.security), verdict: 'approve' }),
      );
      expect(again.code).toBe('review.already_approved');
      const other = await rejection(
        core.decideReview({ reviewId: review!.id, actor: slack(PEOPLE.security2), verdict: 'approve' }),
      );
      expect(other.code).toBe('review.not_authorized');
      const second = await core.decideReview({
        reviewId: review!.id,
        actor: slack(PEOPLE.platform),
        verdict: 'approve',
      });
      expect(second.outcome).toBe('approved');
      expect(second.review.approvals.map((a) => [a.approver, a.role])).toEqual([
        ['slack:USECURITY', 'security'],
        ['slack:UPLATFORM', 'platform'],
      ]);
    });

    test('a denial needs a reason and closes the review', async () => {
      const { review } = await core.submitRegistration(tier2(), cli);
      const noReason = await rejection(
        core.decideReview({ reviewId: review!.id, actor: slack(PEOPLE.reviewer), verdict: 'deny', reason: '  ' }),
      );
      expect(noReason.code).toBe('review.reason_required');
      const denied = await core.decideReview({
        reviewId: review!.id,
        actor: slack(PEOPLE.reviewer),
        verdict: 'deny',
        reason: 'Uses personal data',
      });
      expect(denied).toMatchObject({
        outcome: 'denied',
        app: { status: 'rejected' },
        review: { reason: 'Uses personal data', decidedBy: 'slack:UREVIEWER' },
      });
      const late = await rejection(
        core.decideReview({ reviewId: review!.id, actor: slack(PEOPLE.reviewer2), verdict: 'approve' }),
      );
      expect(late.code).toBe('review.already_decided');
      expect(late.details).toMatchObject({ decidedBy: 'slack:UREVIEWER', outcome: 'denied' });
    });

    test('50 distinct reviewers approving at once: nobody holding the role is refused, and no refusal is audited', async () => {
      const reviewers = Array.from({ length: 50 }, (_, i) => `slack:UR${String(i).padStart(2, '0')}`);
      const both = {
        ...policy,
        roles: {
          ...policy.roles,
          security: { ...policy.roles.security!, members: reviewers },
          platform: { ...policy.roles.platform!, members: reviewers },
        },
      };
      const busy = testCore(registry, both, { now: () => NOW });
      const { review } = await busy.submitRegistration(tier3(), cli);
      const results = await Promise.allSettled(
        reviewers.map((who) => busy.decideReview({ reviewId: review!.id, actor: slack(who), verdict: 'approve' })),
      );
      const outcomes = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.outcome] : []));
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as AppError).code] : []));
      expect(outcomes.sort()).toEqual(['approval_recorded', 'approved']);
      expect(refused).toEqual(Array(48).fill('review.already_decided'));
      expect((await auditActions(registry)).filter((a) => a.endsWith(':refused'))).toEqual([]);
    });

    test('a decision that keeps losing the race is a store.conflict with words, not an internal error', async () => {
      const { review } = await core.submitRegistration(tier2(), cli);
      const losing: Registry = {
        ...registry,
        transaction: (work) =>
          registry.transaction((tx) => work({ ...tx, reviews: { ...tx.reviews, update: async () => false } })),
      };
      const e = await rejection(
        testCore(losing, policy, { now: () => NOW }).decideReview({
          reviewId: review!.id,
          actor: slack(PEOPLE.reviewer),
          verdict: 'approve',
        }),
      );
      expect(e.code).toBe('store.conflict');
      expect(describeError(e).text).toMatch(/at the same moment\. Please try again/);
      expect((await registry.apps.find(review!.appId))?.status).toBe('pending_review');
    });

    test('the person who submitted a registration cannot approve it, even with the role', async () => {
      const { review } = await core.submitRegistration(tier2(), slack(PEOPLE.reviewer));
      const own = await rejection(
        core.decideReview({ reviewId: review!.id, actor: slack(PEOPLE.reviewer), verdict: 'approve' }),
      );
      expect(own.code).toBe('review.own_submission');
      expect(await core.pendingReviewsFor(slack(PEOPLE.reviewer))).toEqual([]);
      expect((await core.pendingReviewsFor(slack(PEOPLE.reviewer2))).map((p) => p.review.id)).toEqual([review!.id]);
    });

    test('a registration queues the assessment for its submitter, a note for the named owner and a card per destination, in its transaction', async () => {
      const { review, app } = await core.submitRegistration(tier2(), slack(PEOPLE.reviewer));
      const rows = await registry.outbox.list({ states: ['pending'], limit: 10 });
      expect(
        rows
          .map((r) => [r.recipient, r.message.view])
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      ).toEqual(
        [
          [{ kind: 'channel', platform: 'slack', channel: '#microapp-reviews' }, 'approval_card'],
          [{ kind: 'person', ref: app.owner }, 'notice'],
          [{ kind: 'person', ref: PEOPLE.reviewer }, 'risk_summary'],
        ].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      );
      await core.decideReview({ reviewId: review!.id, actor: slack(PEOPLE.reviewer2), verdict: 'approve' });
      const after = await registry.outbox.list({ states: ['pending'], limit: 10 });
      expect(
        after
          .filter((r) => r.recipient.kind === 'card_copies' || r.message.view === 'owner_status')
          .map((r) => r.recipient),
      ).toEqual(
        expect.arrayContaining([
          { kind: 'card_copies', reviewId: review!.id },
          { kind: 'person', ref: app.owner },
        ]),
      );
      await rejection(core.submitRegistration({ ...tier2(), name: 'x' }, cli));
      expect(await registry.outbox.list({ states: ['pending'], limit: 10 })).toHaveLength(5);
    });

    test('50 concurrent decisions on one review give exactly one decision and one audit event', async () => {
      const { review } = await core.submitRegistration(tier2(), cli);
      const before = (await registry.audit.events(0, 1000)).length;
      const clickers = Array.from({ length: 50 }, (_, i) => (i % 2 ? PEOPLE.reviewer : PEOPLE.reviewer2));
      const results = await Promise.allSettled(
        clickers.map((who, i) =>
          core.decideReview({
            reviewId: review!.id,
            actor: slack(who),
            verdict: i % 3 ? 'approve' : 'deny',
            reason: 'Not needed',
          }),
        ),
      );
      const decided = results.filter((r) => r.status === 'fulfilled');
      const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as AppError] : []));
      expect(decided).toHaveLength(1);
      expect(refused.map((e) => e.code)).toEqual(Array(49).fill('review.already_decided'));
      const events = (await registry.audit.events(0, 1000)).slice(before);
      expect(events.map((e) => e.action)).toHaveLength(1);
      expect(events[0]!.action).toMatch(/^review\.(approved|denied)$/);
      expect(await core.verifyAudit()).toEqual({ ok: true, count: before + 1, headHash: expect.any(String) });
    });
  });
}
