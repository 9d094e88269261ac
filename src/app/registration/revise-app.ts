import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/actor';
import { actorRef, POLICY_ACTOR, refersTo, sameRef } from '../../domain/actor';
import type { AppRecord, RevisionRecord } from '../../domain/app-record';
import type { Assessment } from '../../domain/assessment';
import { AppError } from '../../domain/errors';
import type { Manifest } from '../../domain/manifest';
import { newReview } from '../../domain/new-review';
import { materialChanges } from '../../domain/material-change';
import { approvalCards, registrationMessages } from '../../domain/outbound-messages';
import { systemName } from '../../policy/catalog-match';
import type { Policy } from '../../policy/policy';
import type { RegistryTx } from '../../ports/registry';
import { unheldRoleNotices } from './unheld-role-notices';
import type { RouteDeps, SubmittedRegistration } from './store-registration';

/** A change to an approved app, and whether it needed a new review. */
export interface UpdatedApp extends SubmittedRegistration {
  /** What made the change material, in plain words; empty when it was recorded without review. */
  changes: string[];
}

/**
 * Refuses a change this person cannot make now: not the owner (unless `ownerByManifest`, the CLI
 * naming the same owner), not approved, or a change already waiting for review.
 */
export async function assertChangeable(
  tx: Pick<RegistryTx, 'reviews'>,
  app: AppRecord,
  actor: Actor,
  ownerByManifest = false,
): Promise<void> {
  if (!refersTo(app.owner, actor) && !ownerByManifest) {
    throw new AppError('app.not_owner', `Only the owner of "${app.name}" can change it.`, {
      appName: app.name,
      ownerOnly: true,
    });
  }
  if (app.status !== 'approved') {
    throw new AppError(
      'app.wrong_status',
      `"${app.name}" is not approved (${app.status.replace('_', ' ')}), so there is nothing to change yet; register it again once reviewers have decided.`,
      { appName: app.name },
    );
  }
  if ((await tx.reviews.latestFor(app.id))?.status === 'open') {
    throw new AppError(
      'app.wrong_status',
      `A change to "${app.name}" is already waiting for review. You can change it again once reviewers decide.`,
      { appName: app.name },
    );
  }
}

/** Writes the change to `app` inside the caller's transaction; shared with `register` for an existing name. */
export async function reviseApp(
  tx: Pick<RegistryTx, 'apps' | 'audit' | 'outbox' | 'reviews' | 'revisions'>,
  deps: RouteDeps,
  policy: Policy,
  app: AppRecord,
  manifest: Manifest,
  assessment: Assessment,
  actor: Actor,
): Promise<UpdatedApp> {
  const ownerKept = sameRef(manifest.owner, app.owner);
  await assertChangeable(tx, app, actor, actor.platform === 'cli' && ownerKept);
  const fieldErrors = [
    ...(manifest.name.toLowerCase() !== app.name.toLowerCase()
      ? [
          {
            field: 'name',
            path: 'name',
            message: `The name stays "${app.name}" in a change; register a new app for a new name.`,
          },
        ]
      : []),
    ...(!ownerKept
      ? [
          {
            field: 'owner',
            path: 'owner',
            message: 'The owner stays the same in a change; hand the app over with transfer instead.',
          },
        ]
      : []),
  ];
  if (fieldErrors.length > 0)
    throw new AppError('input.invalid', 'The change alters what a change cannot.', { fieldErrors });
  if (assessment.decision === 'prohibited') {
    const why = assessment.reasons
      .filter((r) => r.points === 0)
      .map((r) => `${r.message} ${r.fix}`)
      .join(' ');
    throw new AppError('input.invalid', 'The change would not be allowed.', {
      fieldErrors: [
        {
          field: 'usesAI',
          path: 'usesAI',
          message: `This change would not be allowed, so nothing changed. ${why} Questions: ${assessment.contact ?? 'your platform team'}.`,
        },
      ],
    });
  }

  const approved = (await tx.revisions.find(app.approvedRevisionId ?? app.currentRevisionId))!;
  const changes = materialChanges(
    approved.manifest,
    { ...manifest, owner: app.owner },
    approved.assessment,
    assessment,
    (id) => systemName(policy, id),
  );
  return storeRevision(tx, deps, policy, app, { ...manifest, owner: app.owner }, assessment, actor, changes);
}

/**
 * Records a new revision of an approved app: with `changes` and a decision of review, it opens a
 * review while the approved revision stays in force; otherwise it is in force at once. Audited and
 * announced in the caller's transaction; `cardsOnly` sends the approval cards and nothing to the actor.
 * A review that waits for a role nobody holds is told to the admins given, as a registration's is.
 */
export async function storeRevision(
  tx: Pick<RegistryTx, 'apps' | 'audit' | 'outbox' | 'reviews' | 'revisions'>,
  deps: RouteDeps,
  policy: Pick<Policy, 'roles'>,
  app: AppRecord,
  manifest: Manifest,
  assessment: Assessment,
  actor: Actor,
  changes: string[],
  cardsOnly = false,
): Promise<UpdatedApp> {
  const approved = (await tx.revisions.find(app.approvedRevisionId ?? app.currentRevisionId))!;
  const needsReview = changes.length > 0 && assessment.decision === 'review';
  const at = deps.clock.now().toISOString();
  const revision: RevisionRecord = {
    id: randomUUID(),
    appId: app.id,
    number: ((await tx.revisions.find(app.currentRevisionId))?.number ?? approved.number) + 1,
    manifest,
    assessment,
    submittedBy: actorRef(actor),
    createdAt: at,
  };
  const review = needsReview ? newReview(revision, assessment.requiredApprovals, at) : undefined;
  const patch: Partial<AppRecord> = needsReview
    ? { currentRevisionId: revision.id, updatedAt: at }
    : {
        currentRevisionId: revision.id,
        approvedRevisionId: revision.id,
        tier: assessment.tier,
        score: assessment.score,
        backupOwner: manifest.backupOwner,
        businessUnit: manifest.businessUnit,
        retentionDays: manifest.retentionDays,
        updatedAt: at,
      };
  const updated: AppRecord = { ...app, ...patch };

  await tx.apps.update(app.id, patch);
  await tx.revisions.insert(revision);
  if (review) await tx.reviews.insert(review);
  const common = { policyVersion: assessment.policyVersion, riskScore: assessment.score };
  await tx.audit.append(
    [
      {
        ...common,
        actor,
        action: 'app.updated',
        targetType: 'app',
        targetId: app.id,
        outcome: 'success',
        reason: changes.join('; ') || 'no material change',
        details: { revision: revision.number, tier: assessment.tier, review: needsReview },
      },
      ...(review
        ? [
            {
              ...common,
              actor: POLICY_ACTOR,
              action: 'review.opened',
              targetType: 'review' as const,
              targetId: review.id,
              outcome: 'success' as const,
              details: {
                app: app.id,
                approvals: review.requiredApprovals.map((r) => `${r.role}x${r.count}`).join(', '),
              },
            },
          ]
        : []),
    ],
    at,
  );
  await tx.outbox.enqueue(
    cardsOnly
      ? approvalCards(revision, review, deps.platforms)
      : registrationMessages(actor, updated, revision, review, deps.platforms),
    at,
  );
  await tx.outbox.enqueue(unheldRoleNotices(policy, review, deps.admins ?? [], at), at);
  return { app: updated, revision, review, assessment, changes };
}
