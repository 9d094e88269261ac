import type { Logger } from '../log/logger';
import type { Policy } from '../policy/policy';
import type { Clock } from '../ports/clock';
import type { Registry } from '../ports/registry';
import type { PeopleDirectory } from '../people/people-directory';
import type { SecretScanner } from '../secrets/scan-secrets';
import type { Actor } from '../domain/actor';
import type { ReviewRecord, ReviewRecords } from '../domain/app-record';
import type { ChatPlatform, Outbound } from '../domain/outbound';
import type { OutboxState } from '../ports/outbox';
import type { Metrics } from '../ports/metrics';
import { noMetrics } from '../ports/metrics';
import { isAppError } from '../domain/errors';
import { createDecideReview } from './decide-review';
import { createDecommissionApp } from './decommission-app';
import { explainError } from './explain-error';
import type { ExportFormat } from './export-apps';
import { exportApps } from './export-apps';
import { listApps } from './list-apps';
import { createPendingReviewsFor } from './pending-reviews-for';
import { createRecertifyApp } from './recertify-app';
import { createRepostReview } from './repost-review';
import { createSubmitRegistration } from './submit-registration';
import { createTransferApp } from './transfer-app';
import { createUpdateApp } from './update-app';
import { createStartRegistration } from './start-registration';
import { createAdvanceRegistration } from './advance-registration';
import { describeApp } from './describe-app';
import { verifyAudit } from './verify-audit';
import type { View } from '../views/view-model';
import { composeApprovalCard, composeMessage, readReviewRecords } from '../delivery/compose-message';
import { remainingApprovals } from '../domain/review-progress';
import { createRouteChannel } from './route-channel';
import { createCheckRoutes } from './check-routes';
import { createRunDueWork } from './run-due-work';
import { createAnswerReminder } from './answer-reminder';
import { createConfirmPurge } from './confirm-purge';
import { createRecordSandboxUse } from './record-sandbox-use';
import { createOpenIncident } from './open-incident';
import { createAnswerIncident } from './answer-incident';
import { createClaimApp } from './claim-app';
import { createIssueAppToken } from './issue-app-token';
import { createRevokeAppToken } from './revoke-app-token';
import { createRecordHeartbeat } from './record-heartbeat';
import { createKeepApp } from './keep-app';
import { createGrantException } from './grant-exception';

/** Everything the core needs from the outside. */
export interface CoreDeps {
  registry: Registry;
  policy: () => Policy;
  scanner: SecretScanner;
  clock: Clock;
  logger: Logger;
  directory: PeopleDirectory;
  /** Chat platforms that are connected; approval cards go only to their destinations. */
  platforms: readonly ChatPlatform[];
  /** Called after a use case queued messages, so a worker in this process sends them at once. */
  onQueued?: () => void;
  /** Counts registrations, decisions and refusals; nothing when absent. */
  metrics?: Metrics;
  /** The bot's public https address, for the heartbeat URL shown with a new token; a path is shown when absent. */
  publicUrl?: string;
}

/** The use cases, wired to their dependencies; adapters and the CLI call only these. */
export function createCore(deps: CoreDeps) {
  const metrics = deps.metrics ?? noMetrics;
  const queued =
    <A extends unknown[], R>(work: (...args: A) => Promise<R>, count?: (result: R) => void) =>
    async (...args: A): Promise<R> => {
      let result: R;
      try {
        result = await work(...args);
      } catch (error) {
        if (isAppError(error)) metrics.refused(error.code);
        throw error;
      }
      count?.(result);
      deps.onQueued?.();
      return result;
    };
  const registered = (r: { assessment: { tier: number; decision: string } }) => metrics.registered(r.assessment.tier, r.assessment.decision);
  const submitRegistration = queued(createSubmitRegistration(deps), registered);
  const updateApp = queued(createUpdateApp(deps), registered);
  const recertifyApp = queued(createRecertifyApp(deps));
  return {
    /** Validates, assesses and stores a registration, queuing the assessment, the owner's note and the approval cards. */
    submitRegistration,
    /** Changes an approved app: a material change is reviewed again while the approved revision stays in force. */
    updateApp,
    /** The registration form's first step, empty or (for a change) filled in from the latest revision. */
    startRegistration: createStartRegistration(deps),
    /** Takes one submitted step of the form: the next step, problems to show inline, or the stored registration. */
    advanceRegistration: createAdvanceRegistration({ ...deps, submit: submitRegistration, update: updateApp }),
    /** An app with the revision named (or its current one), its latest review and the names and systems to show them. */
    describeApp: (idOrName: string, revisionId?: string) => describeApp(deps, idOrName, revisionId),
    /** Records a decision, queuing the card re-renders and (once decided) the owner's message. */
    decideReview: queued(createDecideReview(deps), (r) => metrics.decided(r.outcome)),
    /** Posts an open review's card again to every destination of its tier. */
    repostReview: queued(createRepostReview(deps)),
    recertifyApp,
    /** One scheduler sweep: expiries, due reminders, and one digest per person inside their working hours (`dryRun` only reports). */
    runDueWork: queued(createRunDueWork(deps), (report) => {
      for (const d of report.digests) if (d.sent && !report.dryRun) for (const i of d.items) metrics.reminded(i.obligation, 1);
    }),
    /** A reminder's button: re-certify its app, confirm a purge (or say it was not done), keep a quiet app, or snooze it. */
    answerReminder: createAnswerReminder({ ...deps, recertify: recertifyApp, confirmPurge: queued(createConfirmPurge(deps)), keep: createKeepApp(deps) }),
    /** Issues an app's heartbeat token (revoking the one before): shown once, stored hashed. */
    issueAppToken: createIssueAppToken(deps),
    /** Revokes an app's heartbeat token. */
    revokeAppToken: createRevokeAppToken(deps),
    /** An app's heartbeat, on the word of its token: records that it is in use (at most one write a minute). */
    recordHeartbeat: createRecordHeartbeat(deps),
    /** Reports an incident from "<app> <what happened>"; the security role is told at once. */
    openIncident: queued(createOpenIncident(deps)),
    /** Security acknowledges an incident, or the owner records its root-cause analysis. */
    answerIncident: createAnswerIncident(deps),
    /** Records that an app ran with test data in a sandbox: its owner confirms the purge after the policy's days. */
    recordSandboxUse: createRecordSandboxUse(deps),
    /** A reviewer or admin waives one rule for one app for a few days, with compensating controls; the app is assessed again. */
    grantException: queued(createGrantException(deps)),
    /** Every exception in force, soonest to end first, with its app's name. */
    activeExceptions: () =>
      deps.registry.read(async (tx) => Promise.all((await tx.exceptions.active()).map(async (e) => ({ ...e, appName: (await tx.findApp(e.appId))?.name ?? e.appId })))),
    /** The backup owner (or an admin) takes over an app whose owner left. */
    claimApp: createClaimApp(deps),
    /** An admin's word that someone has left: their apps become ownerless (the backup owner is asked to take over). */
    deactivatePerson: (refOrEmail: string) => deps.registry.people.deactivate(refOrEmail, deps.clock.now().toISOString()),
    /** The digest a reminder went out in, to show it again after one of its buttons. */
    digestOf: async (reminderId: string) => (await deps.registry.read((tx) => tx.reminders.find(reminderId)))?.digestId,
    /** An admin makes a channel the place for some of the policy's destinations; waiting cards are queued to it. */
    routeChannel: queued(createRouteChannel(deps)),
    /** The policy's destinations on a platform that no channel serves yet; admins are told (once a day). */
    checkRoutes: queued(createCheckRoutes(deps)),
    transferApp: queued(createTransferApp(deps)),
    decommissionApp: queued(createDecommissionApp(deps)),
    /** Open reviews this person could decide now. */
    pendingReviewsFor: createPendingReviewsFor(deps),
    /** Who could still approve an open review: the members (user refs and emails) of the roles it waits for; none once decided. */
    reviewersOf: async (reviewId: string): Promise<string[]> => reviewersOf(await deps.registry.read((tx) => tx.findReview(reviewId)), deps.policy()),
    /**
     * A review's approval card for a reader in `timeZone` (adapters answer clicks with it) and who could
     * still approve it: the members (user refs and emails) of the roles it waits for, none once decided.
     * Built from `records` when the caller has them (a decision just returned them), else read now;
     * undefined when the review is gone.
     */
    reviewCard: async (reviewId: string, timeZone?: string, records?: ReviewRecords): Promise<{ view: View; reviewers: string[] } | undefined> => {
      const found = records ?? (await readReviewRecords(deps.registry, reviewId));
      if (!found) return undefined;
      const { view } = await composeApprovalCard(found, deps, timeZone);
      return { view, reviewers: reviewersOf(found.review, deps.policy()) };
    },
    /** What an outbound message shows now, for a reader in `timeZone` (a reminder digest shown again after one of its buttons); undefined when its records are gone. */
    render: async (message: Outbound, timeZone?: string) => (await composeMessage(message, deps, timeZone))?.view,
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
    /** Plain words for a failure, with people named and dates in the reader's time zone. */
    explain: (error: unknown, reader?: Actor) => explainError(error, deps.directory, reader),
    /** Outbound messages in the given states, newest first. */
    deliveries: (states: OutboxState[], limit = 100) => deps.registry.outbox.list({ states, limit }),
    /** The people directory: adapters record who they hear from; views look names up. */
    people: deps.directory,
    listApps: (query: Parameters<typeof listApps>[1]) => listApps(deps.registry, query),
    findApp: (idOrName: string) => deps.registry.findApp(idOrName),
    exportApps: (format: ExportFormat) => exportApps(deps.registry, format),
    verifyAudit: () => verifyAudit(deps.registry),
  };
}

function reviewersOf(review: ReviewRecord | undefined, policy: Policy): string[] {
  if (review?.status !== 'open') return [];
  return [...new Set(remainingApprovals(review).flatMap((r) => policy.roles[r.role]?.members ?? []))];
}

/** The wired use cases. */
export type Core = ReturnType<typeof createCore>;
