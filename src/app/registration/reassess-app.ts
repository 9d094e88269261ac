import { actorRef, POLICY_ACTOR } from '../../domain/actor';
import type { AppRecord, ReviewRecord, RevisionRecord } from '../../domain/app-record';
import type { Assessment, RequiredApproval } from '../../domain/assessment';
import { AppError } from '../../domain/errors';
import { materialChanges } from '../../domain/material-change';
import { waiversOf } from '../../domain/policy-exception';
import { remainingApprovals } from '../../domain/review-progress';
import { assess } from '../../policy/assess';
import { systemName } from '../../policy/catalog-match';
import type { Policy } from '../../policy/policy';
import type { RegistryTx } from '../../ports/registry';
import { approvalPatch } from '../review/decide-review';
import { decisionMessages } from '../../domain/outbound-messages';
import type { RouteDeps } from './store-registration';
import { storeRegistration } from './store-registration';
import { storeRevision } from './revise-app';
import { unheldRoleNotices } from './unheld-role-notices';

/**
 * What re-assessing an app did: nothing changed; a new revision in force; a review opened; an open
 * review's approvals revised (`requirements`) or met (`approved`); or the app is not allowed now.
 */
export type ReassessOutcome = 'unchanged' | 'in_force' | 'review_opened' | 'requirements' | 'approved' | 'prohibited';

/** An app re-assessed, as it now stands. */
export interface Reassessed {
  outcome: ReassessOutcome;
  app: AppRecord;
  assessment: Assessment;
}

/**
 * Assesses an app's current revision again under its active exceptions (as stored now, in `tx`)
 * and routes the result the way a registration or a change is routed: a prohibited app that is
 * allowed now is stored like a new registration (approved, or a review opened); an approved app's
 * new assessment is a new revision, reviewed when it needs more than was approved; an open review
 * has its required approvals revised, and is approved by policy once they are met. Reviewer cards
 * are queued, and so is the admins' notice of a review that waits for a role nobody holds (`deps.admins`,
 * see `adminsForUnheldRoles`); telling the owner is the caller's.
 */
export async function reassessApp(
  tx: Pick<RegistryTx, 'apps' | 'audit' | 'exceptions' | 'outbox' | 'reviews' | 'revisions'>,
  deps: RouteDeps,
  policy: Policy,
  app: AppRecord,
  why: string,
): Promise<Reassessed> {
  const revision = (await tx.revisions.find(app.currentRevisionId))!;
  const assessment = assess(policy, revision.manifest, { waived: waiversOf(await tx.exceptions.activeFor(app.id)) });
  const unchanged: Reassessed = { outcome: 'unchanged', app, assessment };
  const latest = await tx.reviews.latestFor(app.id);
  if (latest?.status === 'open' && latest.revisionId === revision.id)
    return reviseReview(tx, deps, policy, app, revision, latest, assessment, why);

  if (app.status === 'prohibited') {
    if (assessment.decision === 'prohibited') return unchanged;
    const stored = await storeRegistration(tx, deps, policy, app, revision.manifest, assessment, POLICY_ACTOR, true);
    return { outcome: stored.review ? 'review_opened' : 'in_force', app: stored.app, assessment };
  }
  if (app.status !== 'approved') return unchanged;
  const approved = (await tx.revisions.find(app.approvedRevisionId ?? app.currentRevisionId))!;
  const granted =
    latest?.status === 'approved' && latest.revisionId === approved.id
      ? latest.requiredApprovals
      : approved.assessment.requiredApprovals;
  const more = moreApprovals(granted, assessment.decision === 'review' ? assessment.requiredApprovals : []);
  if (more.length === 0 && sameVerdict(revision.assessment, assessment)) return unchanged;
  if (assessment.decision === 'prohibited') return prohibit(tx, deps, app, assessment, why);
  const changes = [
    ...materialChanges(approved.manifest, revision.manifest, approved.assessment, assessment, (id) =>
      systemName(policy, id),
    ),
    ...more.map((r) => `Now needs approval by ${r.role}`),
  ];
  const stored = await storeRevision(tx, deps, policy, app, revision.manifest, assessment, POLICY_ACTOR, changes, true);
  return { outcome: stored.review ? 'review_opened' : 'in_force', app: stored.app, assessment };
}

async function reviseReview(
  tx: Pick<RegistryTx, 'apps' | 'audit' | 'outbox' | 'reviews'>,
  deps: RouteDeps,
  policy: Policy,
  app: AppRecord,
  revision: RevisionRecord,
  review: ReviewRecord,
  assessment: Assessment,
  why: string,
): Promise<Reassessed> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const required = assessment.decision === 'auto_approve' ? [] : assessment.requiredApprovals;
  const prohibited = assessment.decision === 'prohibited';
  if (!prohibited && sameApprovals(required, review.requiredApprovals))
    return { outcome: 'unchanged', app, assessment };
  const met =
    !prohibited && remainingApprovals({ requiredApprovals: required, approvals: review.approvals }).length === 0;
  const status = prohibited ? ('denied' as const) : met ? ('approved' as const) : undefined;
  const decided = status && { status, decidedBy: actorRef(POLICY_ACTOR), decidedAt: at, reason: why };
  const claimed = await tx.reviews.update(review.id, review.version, {
    requiredApprovals: prohibited ? review.requiredApprovals : required,
    ...decided,
  });
  if (!claimed)
    throw new AppError('store.conflict', `The review of "${app.name}" changed at the same moment; try again.`, {
      appName: app.name,
    });
  const updated: ReviewRecord = {
    ...review,
    version: review.version + 1,
    ...(!prohibited && { requiredApprovals: required }),
    ...decided,
  };
  const patch: Partial<AppRecord> | undefined = met
    ? approvalPatch(revision, policy, now)
    : prohibited
      ? app.status === 'approved' && app.approvedRevisionId
        ? { currentRevisionId: app.approvedRevisionId, updatedAt: at }
        : { status: 'prohibited', updatedAt: at }
      : undefined;
  if (patch) await tx.apps.update(app.id, patch);
  const newApp = { ...app, ...patch };
  const action = status ? `review.${status}` : 'review.requirements_changed';
  await tx.audit.append(
    [
      {
        actor: POLICY_ACTOR,
        action,
        targetType: 'review',
        targetId: review.id,
        outcome: 'success',
        reason: why,
        policyVersion: assessment.policyVersion,
        riskScore: assessment.score,
        details: { app: app.id, approvals: required.map((r) => `${r.role}x${r.count}`).join(', ') },
      },
    ],
    at,
  );
  await tx.outbox.enqueue(decisionMessages(newApp, updated), at);
  await tx.outbox.enqueue(unheldRoleNotices(policy, updated, deps.admins ?? [], at), at);
  return { outcome: prohibited ? 'prohibited' : met ? 'approved' : 'requirements', app: newApp, assessment };
}

async function prohibit(
  tx: Pick<RegistryTx, 'apps' | 'audit'>,
  deps: RouteDeps,
  app: AppRecord,
  assessment: Assessment,
  why: string,
): Promise<Reassessed> {
  const at = deps.clock.now().toISOString();
  await tx.apps.update(app.id, { status: 'prohibited', updatedAt: at });
  await tx.audit.append(
    [
      {
        actor: POLICY_ACTOR,
        action: 'app.prohibited',
        targetType: 'app',
        targetId: app.id,
        outcome: 'success',
        reason: why,
        policyVersion: assessment.policyVersion,
        riskScore: assessment.score,
      },
    ],
    at,
  );
  return { outcome: 'prohibited', app: { ...app, status: 'prohibited', updatedAt: at }, assessment };
}

/** The same tier, score, decision, approvals and excepted rules: nothing to record. */
function sameVerdict(a: Assessment, b: Assessment): boolean {
  const key = (x: Assessment) =>
    JSON.stringify([
      x.tier,
      x.score,
      x.decision,
      x.requiredApprovals,
      x.reasons.map((r) => [r.rule, r.excepted?.until]),
    ]);
  return key(a) === key(b);
}

function sameApprovals(a: RequiredApproval[], b: RequiredApproval[]): boolean {
  const key = (x: RequiredApproval[]) => JSON.stringify([...x].sort((p, q) => p.role.localeCompare(q.role)));
  return key(a) === key(b);
}

/** Approvals `now` asks for beyond what `was` asked for (what the approval in force was given on). */
function moreApprovals(was: RequiredApproval[], now: RequiredApproval[]): RequiredApproval[] {
  return now.filter((n) => n.count > (was.find((w) => w.role === n.role)?.count ?? 0));
}
