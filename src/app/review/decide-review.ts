import type { Actor } from '../../domain/actor';
import { actorRef } from '../../domain/actor';
import type { AppRecord, ReviewRecord, ReviewRecords, RevisionRecord } from '../../domain/app-record';
import type { RequiredApproval } from '../../domain/assessment';
import type { AuditInput } from '../../domain/audit';
import type { ErrorCode } from '../../domain/errors';
import { AppError } from '../../domain/errors';
import { remainingApprovals } from '../../domain/review-progress';
import { dutyBar, usableRoles } from '../../policy/decision-bar';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryTx, RegistryWith } from '../../ports/registry';
import { addDays } from '../../domain/dates';
import { decisionMessages } from '../../domain/outbound-messages';

/** What deciding a review needs. */
export interface DecideReviewDeps {
  registry: RegistryWith<'apps' | 'audit' | 'outbox' | 'reviews' | 'revisions'>;
  policy: () => Policy;
  clock: Clock;
}

/** An Approve or Deny click. */
export interface ReviewDecision {
  reviewId: string;
  actor: Actor;
  verdict: 'approve' | 'deny';
  reason?: string;
}

/** What a decision changed (the review, its app and revision as they now stand). `approval_recorded` means more approvals are still needed. */
export interface DecidedReview extends ReviewRecords {
  outcome: 'approved' | 'denied' | 'approval_recorded';
  /** Approvals still missing, by role. */
  remaining: RequiredApproval[];
}

const MAX_ATTEMPTS = 10;
/** Decided reviews kept in memory: a decision is final, so late clicks are answered without the database. */
const DECIDED_KEPT = 10_000;

class LostRace extends Error {}

/**
 * Records an Approve or Deny. Accepted only when the review is still open, the decider holds a role
 * the review still needs (membership read from the policy now, at decision time), is none of the
 * people the policy's separation of duties excludes (owner, backup owner, submitter), and has not
 * approved it already. The review and its approvals are read under the review row's lock, so a
 * concurrent approval is either fully seen or not at all; the row is then claimed with a
 * conditional update. Refusals for role or ownership are audited; "already decided" is not, since
 * nothing was attempted. A review once seen decided is kept in memory, so a late click on it is
 * answered without the database; any other click goes straight to the write. The card re-renders
 * and the owner's message are queued in the same transaction.
 */
export function createDecideReview(deps: DecideReviewDeps) {
  const decided = new Map<string, ReviewRecord>();
  const remember = (review: ReviewRecord) => {
    if (decided.size >= DECIDED_KEPT) decided.delete(decided.keys().next().value!);
    decided.set(review.id, review);
    return review;
  };
  return async function decideReview(decision: ReviewDecision): Promise<DecidedReview> {
    const reason = decision.reason?.trim();
    if (decision.verdict === 'deny' && !reason) {
      throw new AppError('review.reason_required', 'Say why you deny it, so the owner knows what to fix.');
    }
    const seen = decided.get(decision.reviewId);
    if (seen) throw alreadyDecided(seen);
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await deps.registry.transaction((tx) =>
          attemptDecision(deps, tx, { ...decision, reason }, remember),
        );
        if (result instanceof AppError) throw result;
        if (result.review.status !== 'open') remember(result.review);
        return result;
      } catch (error) {
        if (!(error instanceof LostRace)) throw error;
        if (attempt >= MAX_ATTEMPTS)
          throw new AppError(
            'store.conflict',
            'The review kept changing while this decision was recorded.',
            {},
            { cause: error },
          );
      }
    }
  };
}

async function attemptDecision(
  deps: DecideReviewDeps,
  tx: Pick<RegistryTx, 'apps' | 'audit' | 'outbox' | 'reviews' | 'revisions'>,
  d: ReviewDecision,
  remember: (decided: ReviewRecord) => ReviewRecord,
): Promise<DecidedReview | AppError> {
  const review = await tx.reviews.find(d.reviewId, { lock: true });
  const app = review && (await tx.apps.find(review.appId));
  const revision = review && (await tx.revisions.find(review.revisionId));
  if (!review || !app || !revision) throw new AppError('review.not_found', 'That review no longer exists.');
  if (review.status !== 'open') throw alreadyDecided(remember(review), app.name);

  const now = deps.clock.now();
  const at = now.toISOString();
  const policy = deps.policy();
  const me = actorRef(d.actor);
  const refuse = async (code: ErrorCode, message: string, roles?: string[]) => {
    await tx.audit.append([audit(d, review, app, `review.${d.verdict}_refused`, 'refused', code, policy.version)], at);
    return new AppError(code, message, { appName: app.name, roles });
  };

  const bar = dutyBar(policy, { review, app, revision }, d.actor);
  if (bar === 'own_app') return refuse('review.own_app', `You own "${app.name}", so someone else must review it.`);
  if (bar === 'own_submission')
    return refuse('review.own_submission', `You submitted "${app.name}", so someone else must review it.`);
  if (bar === 'already_approved') {
    return refuse(
      'review.already_approved',
      `You already approved "${app.name}"; another person must give the next approval.`,
    );
  }
  const remaining = remainingApprovals(review);
  const usable = usableRoles(policy, review, d.actor);
  if (usable.length === 0) {
    const needed = remaining.map((r) => r.role);
    return refuse('review.not_authorized', `Deciding "${app.name}" needs the ${needed.join(' or ')} role.`, needed);
  }

  const status = d.verdict === 'deny' ? 'denied' : isLastApproval(remaining, usable[0]!) ? 'approved' : undefined;
  const claimed = await tx.reviews.update(
    review.id,
    review.version,
    status ? { status, decidedBy: me, decidedAt: at, reason: d.reason } : {},
  );
  if (!claimed) throw new LostRace();

  const approvals = [...review.approvals];
  if (d.verdict === 'approve') {
    const approval = { approver: me, role: usable[0]!, at };
    await tx.reviews.addApproval(review.id, approval);
    approvals.push(approval);
  }
  const updated: ReviewRecord = {
    ...review,
    version: review.version + 1,
    approvals,
    ...(status && { status, decidedBy: me, decidedAt: at, reason: d.reason }),
  };
  let newApp = app;
  if (status) {
    const approved = status === 'approved';
    const change = app.status === 'approved' && app.approvedRevisionId !== undefined;
    const patch: Partial<AppRecord> = approved
      ? approvalPatch(revision, policy, now)
      : change
        ? { currentRevisionId: app.approvedRevisionId, updatedAt: at }
        : { status: 'rejected', updatedAt: at };
    await tx.apps.update(app.id, patch);
    newApp = { ...app, ...patch };
  }
  const action =
    status === 'approved' ? 'review.approved' : status === 'denied' ? 'review.denied' : 'review.approval_recorded';
  await tx.audit.append([audit(d, review, app, action, 'success', d.reason ?? usable[0], policy.version)], at);
  await tx.outbox.enqueue(decisionMessages(newApp, updated), at);
  return {
    outcome: status ?? 'approval_recorded',
    app: newApp,
    review: updated,
    revision,
    remaining: remainingApprovals(updated),
  };
}

/** What an app becomes when `revision` is approved at `now`: in force, re-certified a full cycle from now. */
export function approvalPatch(revision: RevisionRecord, policy: Policy, now: Date): Partial<AppRecord> {
  const m = revision.manifest;
  return {
    status: 'approved',
    approvedRevisionId: revision.id,
    tier: revision.assessment.tier,
    score: revision.assessment.score,
    backupOwner: m.backupOwner,
    businessUnit: m.businessUnit,
    retentionDays: m.retentionDays,
    expiresAt: addDays(now, policy.timings.recertification.everyDays).toISOString(),
    updatedAt: now.toISOString(),
  };
}

/** A click on a review someone already decided: nothing is attempted, so nothing is audited. */
function alreadyDecided(review: ReviewRecord, appName?: string): AppError {
  return new AppError('review.already_decided', `This review was already ${review.status} by ${review.decidedBy}.`, {
    appName,
    decidedBy: review.decidedBy,
    decidedAt: review.decidedAt,
    outcome: review.status,
  });
}

function isLastApproval(remaining: RequiredApproval[], role: string): boolean {
  return remaining.length === 1 && remaining[0]!.role === role && remaining[0]!.count === 1;
}

function audit(
  d: ReviewDecision,
  review: ReviewRecord,
  app: AppRecord,
  action: string,
  outcome: AuditInput['outcome'],
  reason: string | undefined,
  policyVersion: string,
): AuditInput {
  return {
    actor: d.actor,
    action,
    targetType: 'review',
    targetId: review.id,
    outcome,
    reason,
    policyVersion,
    riskScore: app.score,
    details: { app: app.id, name: app.name },
  };
}
