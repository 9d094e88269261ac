import type { DescribedApp } from '../app/queries/describe-app';
import { ownerNames } from '../app/queries/export-apps';
import { assessmentJson } from '../domain/assessment';
import type { Person } from '../ports/people';

/** One app as `microapp show --json` and `GET /api/v1/apps/{id}` give it: the record, its revision, risk, review, health and value. */
export function appJson(d: DescribedApp, people: ReadonlyMap<string, Person>): Record<string, unknown> {
  const review = d.review && {
    id: d.review.id,
    revisionId: d.review.revisionId,
    status: d.review.status,
    requiredApprovals: d.review.requiredApprovals,
    approvals: d.review.approvals,
    decidedBy: d.review.decidedBy ?? null,
    decidedAt: d.review.decidedAt ?? null,
    reason: d.review.reason ?? null,
  };
  return {
    ...d.app,
    ...ownerNames(d.app, people),
    revision: d.revision.number,
    manifest: d.revision.manifest,
    assessment: assessmentJson(d.revision.assessment),
    review: review ?? null,
    health: d.health
      ? {
          status: d.health.status,
          since: d.health.since,
          lastCheckedAt: d.health.lastCheckedAt,
          consecutiveFailures: d.health.consecutiveFailures,
          lastError: d.health.lastError ?? null,
        }
      : null,
    value: d.value
      ? {
          hoursSavedPerMonth: d.value.hoursSavedPerMonth ?? null,
          users: d.value.users ?? null,
          revision: d.value.revisionId,
          answeredBy: d.value.answeredBy,
          answeredAt: d.value.answeredAt,
        }
      : null,
  };
}
