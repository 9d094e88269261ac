import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/actor';
import { actorRef, POLICY_ACTOR } from '../../domain/actor';
import type { AppRecord, ReviewRecord, RevisionRecord } from '../../domain/app-record';
import type { Assessment } from '../../domain/assessment';
import type { AuditInput } from '../../domain/audit';
import { addDays } from '../../domain/dates';
import type { Manifest } from '../../domain/manifest';
import { newReview } from '../../domain/new-review';
import type { ChatPlatform } from '../../domain/outbound';
import { approvalCards, registrationMessages } from '../../domain/outbound-messages';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryTx } from '../../ports/registry';
import { unheldRoleNotices } from './unheld-role-notices';

/** What storing and routing an assessed revision needs. */
export interface RouteDeps {
  clock: Clock;
  /** Chat platforms that are connected: approval cards go to their destinations. */
  platforms: readonly ChatPlatform[];
  /** Admins reachable now, told when a review opens that waits for a role nobody holds (nobody when absent). */
  admins?: readonly string[];
}

/** A registration as stored, with what happens next. */
export interface SubmittedRegistration {
  app: AppRecord;
  revision: RevisionRecord;
  review?: ReviewRecord;
  assessment: Assessment;
}

/**
 * Stores a new app, or a new revision of a rejected or prohibited one, routed by its assessment:
 * approved at once, prohibited, or a review opened. Audited and announced in the caller's
 * transaction; `cardsOnly` sends the approval cards and nothing to the actor.
 */
export async function storeRegistration(
  tx: Pick<RegistryTx, 'apps' | 'audit' | 'outbox' | 'reviews' | 'revisions'>,
  deps: RouteDeps,
  policy: Policy,
  existing: AppRecord | undefined,
  manifest: Manifest,
  assessment: Assessment,
  actor: Actor,
  cardsOnly = false,
): Promise<SubmittedRegistration> {
  const now = deps.clock.now();
  const at = now.toISOString();
  const appId = existing?.id ?? randomUUID();
  const revision: RevisionRecord = {
    id: randomUUID(),
    appId,
    number: existing ? ((await tx.revisions.find(existing.currentRevisionId))?.number ?? 0) + 1 : 1,
    manifest,
    assessment,
    submittedBy: actorRef(actor),
    createdAt: at,
  };
  const approved = assessment.decision === 'auto_approve';
  const app: AppRecord = {
    id: appId,
    name: manifest.name,
    status: approved ? 'approved' : assessment.decision === 'prohibited' ? 'prohibited' : 'pending_review',
    owner: manifest.owner,
    backupOwner: manifest.backupOwner,
    businessUnit: manifest.businessUnit,
    tier: assessment.tier,
    score: assessment.score,
    currentRevisionId: revision.id,
    approvedRevisionId: approved ? revision.id : existing?.approvedRevisionId,
    expiresAt: approved ? addDays(now, policy.timings.recertification.everyDays).toISOString() : undefined,
    retentionDays: approved ? manifest.retentionDays : existing?.retentionDays,
    sandboxSince: existing?.sandboxSince,
    createdAt: existing?.createdAt ?? at,
    updatedAt: at,
  };
  const review = assessment.decision === 'review' ? newReview(revision, assessment.requiredApprovals, at) : undefined;

  if (existing) await tx.apps.update(appId, app);
  else await tx.apps.insert(app);
  await tx.revisions.insert(revision);
  if (review) await tx.reviews.insert(review);
  await tx.audit.append(auditTrail(actor, app, revision, assessment, review), at);
  await tx.outbox.enqueue(
    cardsOnly
      ? approvalCards(revision, review, deps.platforms)
      : registrationMessages(actor, app, revision, review, deps.platforms),
    at,
  );
  await tx.outbox.enqueue(unheldRoleNotices(policy, review, deps.admins ?? [], at), at);
  return { app, revision, review, assessment };
}

function auditTrail(
  actor: Actor,
  app: AppRecord,
  revision: RevisionRecord,
  a: Assessment,
  review?: ReviewRecord,
): AuditInput[] {
  const common = { policyVersion: a.policyVersion, riskScore: a.score };
  const events: AuditInput[] = [
    {
      ...common,
      actor,
      action: 'registration.submitted',
      targetType: 'app',
      targetId: app.id,
      outcome: 'success',
      reason: a.reasons.map((r) => r.rule).join(', ') || undefined,
      details: { name: app.name, revision: revision.number, tier: a.tier, decision: a.decision, owner: app.owner },
    },
  ];
  if (a.decision === 'auto_approve') {
    events.push({
      ...common,
      actor: POLICY_ACTOR,
      action: 'app.approved',
      targetType: 'app',
      targetId: app.id,
      outcome: 'success',
      reason: 'low risk: approved by policy',
      details: { expiresAt: app.expiresAt ?? null },
    });
  } else if (a.decision === 'prohibited') {
    events.push({
      ...common,
      actor: POLICY_ACTOR,
      action: 'app.prohibited',
      targetType: 'app',
      targetId: app.id,
      outcome: 'success',
      reason: a.reasons[0]?.rule,
    });
  } else if (review) {
    events.push({
      ...common,
      actor: POLICY_ACTOR,
      action: 'review.opened',
      targetType: 'review',
      targetId: review.id,
      outcome: 'success',
      details: { app: app.id, approvals: review.requiredApprovals.map((r) => `${r.role}x${r.count}`).join(', ') },
    });
  }
  return events;
}
