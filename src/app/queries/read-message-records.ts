import type { AppRecord, ReviewRecord, ReviewRecords, RevisionRecord } from '../../domain/app-record';
import type { DiscoveredItem } from '../../domain/discovered-item';
import type { Incident } from '../../domain/incident';
import type { Notice, Outbound } from '../../domain/outbound';
import type { PolicyException } from '../../domain/policy-exception';
import type { PurgeAnswer } from '../../domain/purge-answer';
import type { Reminder } from '../../domain/reminder';
import { cycleKey } from '../../domain/reminder';
import type { StoredCheckpoint } from '../../ports/audit-checkpoints';
import type { Registry, RegistryWith } from '../../ports/registry';

/** A reminder digest's reminders and the records they are about, as they are now. */
export interface DigestRecords {
  reminders: Reminder[];
  apps: Map<string, AppRecord>;
  reviews: Map<string, ReviewRecord>;
  incidents: Map<string, Incident>;
  /** Owners' purge answers by `cycleKey`, for retention and test-data reminders. */
  purgeAnswers: Map<string, PurgeAnswer[]>;
  /** Policy exceptions by id, for exception reminders. */
  exceptions?: Map<string, PolicyException>;
}

/** What an outbound message is rendered from, by the kind of view it names. */
export type MessageRecords =
  | { view: 'approval_card'; records: ReviewRecords }
  | { view: 'risk_summary'; app: AppRecord; revision: RevisionRecord }
  | { view: 'owner_status'; app: AppRecord; revision: RevisionRecord; review?: ReviewRecord }
  | { view: 'notice'; notice: Notice; app?: AppRecord }
  | { view: 'reminder_digest'; digest: DigestRecords }
  | { view: 'discovery_question'; item: DiscoveredItem }
  | { view: 'discovery_digest'; items: DiscoveredItem[] }
  | { view: 'audit_checkpoint'; checkpoint: StoredCheckpoint };

/** The stores the records of any outbound message are read from. */
type MessageStores =
  | 'apps'
  | 'discovered'
  | 'exceptions'
  | 'incidents'
  | 'purges'
  | 'reminders'
  | 'reviews'
  | 'revisions';

/** Reads a review with its app and revision; undefined when any of them is gone. */
export function readReviewRecords(
  registry: RegistryWith<'apps' | 'reviews' | 'revisions'>,
  reviewId: string,
): Promise<ReviewRecords | undefined> {
  return registry.read(async (tx) => {
    const review = await tx.reviews.find(reviewId);
    const app = review && (await tx.apps.find(review.appId));
    const revision = review && (await tx.revisions.find(review.revisionId));
    return review && app && revision ? { review, app, revision } : undefined;
  });
}

/** Reads the records an outbox message names, as they are at `now` (the clock's time); undefined when they are gone. */
export async function readMessageRecords(
  registry: RegistryWith<MessageStores> & Pick<Registry, 'apps' | 'checkpoints'>,
  message: Outbound,
  now: string = new Date().toISOString(),
): Promise<MessageRecords | undefined> {
  switch (message.view) {
    case 'approval_card': {
      const records = await readReviewRecords(registry, message.reviewId);
      return records && { view: message.view, records };
    }
    case 'risk_summary':
      return registry.read(async (tx) => {
        const revision = await tx.revisions.find(message.revisionId);
        const app = revision && (await tx.apps.find(revision.appId));
        return revision && app ? { view: message.view, revision, app } : undefined;
      });
    case 'owner_status':
      return registry.read(async (tx) => {
        const app = await tx.apps.find(message.appId);
        const revision = app && (await tx.revisions.find(app.currentRevisionId));
        const review = message.reviewId ? await tx.reviews.find(message.reviewId) : undefined;
        return app && revision ? { view: message.view, app, revision, review } : undefined;
      });
    case 'notice': {
      const n = message.notice;
      const appId = 'appId' in n ? n.appId : undefined;
      return { view: message.view, notice: n, app: appId ? await registry.apps.find(appId) : undefined };
    }
    case 'reminder_digest':
      return { view: message.view, digest: await readDigestRecords(registry, message.digestId) };
    case 'discovery_question':
      return registry.read(async (tx) => {
        const [item] = await tx.discovered.byRefs([message.ref], now);
        return item && { view: message.view, item };
      });
    case 'discovery_digest':
      return registry.read(async (tx) => ({
        view: message.view,
        items: await tx.discovered.byRefs(message.refs, now),
      }));
    case 'audit_checkpoint': {
      const checkpoint = await registry.checkpoints.find(message.size);
      return checkpoint && { view: message.view, checkpoint };
    }
  }
}

function readDigestRecords(registry: RegistryWith<MessageStores>, digestId: string): Promise<DigestRecords> {
  return registry.read(async (tx) => {
    const reminders = await tx.reminders.byDigest(digestId);
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
      if (r.obligation === 'retention' || r.obligation === 'test_data')
        purgeAnswers.set(cycleKey(r), await tx.purges.answers(r.appId, r.obligation, r.cycle));
      const exception = r.obligation === 'exception' ? await tx.exceptions.find(r.cycle) : undefined;
      if (exception) exceptions.set(exception.id, exception);
    }
    return { reminders, apps, reviews, incidents, purgeAnswers, exceptions };
  });
}
