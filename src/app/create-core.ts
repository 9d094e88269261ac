import type { Logger } from '../log/logger';
import type { Policy } from '../policy/policy';
import type { Messenger } from '../ports/messenger';
import type { Clock } from '../ports/clock';
import type { Registry } from '../ports/registry';
import type { SecretScanner } from '../secrets/scan-secrets';
import type { Actor } from '../domain/actor';
import { refersTo } from '../domain/actor';
import type { AppRecord, ReviewRecord } from '../domain/app-record';
import { remainingApprovals } from '../domain/review-progress';
import type { DecidedReview } from './decide-review';
import { createDecideReview } from './decide-review';
import { createNotify } from './notify';
import { createDecommissionApp } from './decommission-app';
import { createRecertifyApp } from './recertify-app';
import { createTransferApp } from './transfer-app';
import type { ExportFormat } from './export-apps';
import { exportApps } from './export-apps';
import { listApps } from './list-apps';
import type { SubmittedRegistration } from './submit-registration';
import { createSubmitRegistration } from './submit-registration';
import { verifyAudit } from './verify-audit';

/** Everything the core needs from the outside. */
export interface CoreDeps {
  registry: Registry;
  policy: () => Policy;
  scanner: SecretScanner;
  clock: Clock;
  logger: Logger;
  /** Chat platforms that are on; adapters add theirs as they start. */
  messengers: Map<string, Messenger>;
}

/** The use cases, wired to their dependencies; adapters and the CLI call only these. */
export function createCore(deps: CoreDeps) {
  const submit = createSubmitRegistration(deps);
  const decide = createDecideReview(deps);
  const notify = createNotify(deps);
  return {
    /** Validates, assesses and stores a registration (call `announce` after answering the user). */
    submitRegistration: submit,
    /** Posts a stored registration's approval cards, when it needs review. */
    announce: async (r: SubmittedRegistration) => {
      if (r.review) await notify.announceReview(r.app, r.revision, r.review);
    },
    /** Records a decision (call `publish` after answering the clicker). */
    decideReview: decide,
    /** Updates every copy of the card and, once decided, tells the owner. */
    publish: (d: DecidedReview) => notify.publishDecision(d.app, d.review),
    /** Open reviews this person could decide now (holds a missing role, does not own the app). */
    pendingReviewsFor: (actor: Actor) =>
      deps.registry.read(async (tx) => {
        const roles = deps.policy().roles;
        const result: { review: ReviewRecord; app: AppRecord }[] = [];
        for (const review of await tx.openReviews(200)) {
          const app = await tx.findApp(review.appId);
          if (!app || refersTo(app.owner, actor) || refersTo(app.backupOwner, actor)) continue;
          if (remainingApprovals(review).some((r) => roles[r.role]?.members.some((m) => refersTo(m, actor)))) result.push({ review, app });
        }
        return result;
      }),
    /** A review with its app. */
    reviewDetails: (reviewId: string) =>
      deps.registry.read(async (tx) => {
        const review = await tx.findReview(reviewId);
        const app = review && (await tx.findApp(review.appId));
        return review && app ? { review, app } : undefined;
      }),
    /** An app with its current revision and latest review. */
    appDetails: (idOrName: string) =>
      deps.registry.read(async (tx) => {
        const app = (await tx.findApp(idOrName)) ?? (await tx.findAppByName(idOrName));
        if (!app) return undefined;
        return { app, revision: (await tx.findRevision(app.currentRevisionId))!, review: await tx.findLatestReview(app.id) };
      }),
    recertifyApp: createRecertifyApp(deps),
    transferApp: createTransferApp(deps),
    decommissionApp: createDecommissionApp(deps),
    listApps: (query: Parameters<typeof listApps>[1]) => listApps(deps.registry, query),
    findApp: (idOrName: string) => deps.registry.findApp(idOrName),
    exportApps: (format: ExportFormat) => exportApps(deps.registry, format),
    verifyAudit: () => verifyAudit(deps.registry),
  };
}

/** The wired use cases. */
export type Core = ReturnType<typeof createCore>;
