import type { PurgeAnswer } from '../domain/purge-answer';
import { cycleKey } from '../domain/reminder';
import type { ReviewRecords } from '../domain/app-record';
import type { Outbound } from '../domain/outbound';
import type { PeopleDirectory } from '../people/people-directory';
import type { Registry } from '../ports/registry';
import type { Policy } from '../policy/policy';
import { systemName as catalogName } from '../policy/catalog-match';
import { approvalCard } from '../views/approval-card';
import { noticeView } from '../views/notice-view';
import { ownerStatus } from '../views/owner-status';
import { reminderDigest } from '../views/reminder-digest';
import type { PolicyException } from '../domain/policy-exception';
import { riskSummary } from '../views/risk-summary';
import type { AppRecord, ReviewRecord } from '../domain/app-record';
import type { Incident } from '../domain/incident';
import type { View } from '../views/view-model';

/** A rendered message; `reviewVersion` is the review state an approval card shows. */
export interface Composed {
  view: View;
  reviewVersion?: number;
}

type ComposeDeps = { registry: Registry; directory: PeopleDirectory; policy: () => Policy };

/** Reads a review with its app and revision; undefined when any of them is gone. */
export function readReviewRecords(registry: Registry, reviewId: string): Promise<ReviewRecords | undefined> {
  return registry.read(async (tx) => {
    const review = await tx.reviews.find(reviewId);
    const app = review && (await tx.apps.find(review.appId));
    const revision = review && (await tx.revisions.find(review.revisionId));
    return review && app && revision ? { review, app, revision } : undefined;
  });
}

/** The approval card for records already read, with current display names, for a reader in `timeZone`. */
export async function composeApprovalCard({ review, app, revision }: ReviewRecords, deps: Omit<ComposeDeps, 'registry'>, timeZone?: string): Promise<Composed> {
  const systemName = (system: string) => catalogName(deps.policy(), system);
  const names = await deps.directory.names([app.owner, revision.manifest.backupOwner, review.decidedBy, ...review.approvals.map((a) => a.approver)]);
  return { view: approvalCard({ app, manifest: revision.manifest, assessment: revision.assessment, review, names, timeZone, systemName }), reviewVersion: review.version };
}

/**
 * Renders what an outbox row names, from the registry as it is now and with current display names,
 * for a reader in `timeZone`. Undefined when the records it names are gone.
 */
export async function composeMessage(message: Outbound, deps: ComposeDeps, timeZone?: string): Promise<Composed | undefined> {
  const { registry, directory } = deps;
  switch (message.view) {
    case 'approval_card': {
      const found = await readReviewRecords(registry, message.reviewId);
      return found && composeApprovalCard(found, deps, timeZone);
    }
    case 'risk_summary': {
      const found = await registry.read(async (tx) => {
        const revision = await tx.revisions.find(message.revisionId);
        const app = revision && (await tx.apps.find(revision.appId));
        return revision && app ? { revision, app } : undefined;
      });
      return found && { view: riskSummary(found.revision.manifest.name, found.revision.assessment, { manifest: found.revision.manifest }) };
    }
    case 'owner_status': {
      const found = await registry.read(async (tx) => {
        const app = await tx.apps.find(message.appId);
        const revision = app && (await tx.revisions.find(app.currentRevisionId));
        const review = message.reviewId ? await tx.reviews.find(message.reviewId) : undefined;
        return app && revision ? { app, revision, review } : undefined;
      });
      if (!found) return undefined;
      const names = await directory.names([found.review?.decidedBy]);
      return { view: ownerStatus(found.app, found.revision.assessment, found.review, names, timeZone) };
    }
    case 'notice': {
      const n = message.notice;
      const appId = 'appId' in n ? n.appId : undefined;
      const app = appId ? await registry.apps.find(appId) : undefined;
      const refs = [n.type === 'person_unreachable' ? n.ref : undefined, ...('by' in n ? [n.by] : []), ...(n.type === 'app_transferred' ? [n.from, n.to] : [])];
      return { view: noticeView(n, { app, names: await directory.names(refs), timeZone }) };
    }
    case 'reminder_digest': {
      const found = await registry.read(async (tx) => {
        const reminders = await tx.reminders.byDigest(message.digestId);
        const apps = new Map<string, AppRecord>();
        const reviews = new Map<string, ReviewRecord>();
        const incidents = new Map<string, Incident>();
        const purgeAnswers = new Map<string, PurgeAnswer[]>();
        const exceptions = new Map<string, PolicyException>();
        for (const r of reminders) {
          const app = apps.get(r.appId) ?? (await tx.apps.find(r.appId));
          if (app) apps.set(app.id, app);
          const review = r.obligation === 'review_deadline' ? await tx.reviews.find(r.cycle) : undefined;
          if (review) reviews.set(review.id, review);
          const incident = r.obligation.startsWith('incident') ? await tx.incidents.find(r.cycle) : undefined;
          if (incident) incidents.set(incident.id, incident);
          if (r.obligation === 'retention' || r.obligation === 'test_data') purgeAnswers.set(cycleKey(r), await tx.purges.answers(r.appId, r.obligation, r.cycle));
          const exception = r.obligation === 'exception' ? await tx.exceptions.find(r.cycle) : undefined;
          if (exception) exceptions.set(exception.id, exception);
        }
        return { reminders, apps, reviews, incidents, purgeAnswers, exceptions };
      });
      const names = await directory.names([...found.apps.values()].map((a) => a.owner));
      const view = reminderDigest({ ...found, names, timings: deps.policy().timings, timeZone });
      return view && { view };
    }
  }
}
