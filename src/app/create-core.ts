import type { Logger } from '../log/logger';
import type { Policy } from '../policy/policy';
import type { Clock } from '../ports/clock';
import type { Registry } from '../ports/registry';
import type { PeopleDirectory } from '../people/people-directory';
import type { SecretScanner } from '../secrets/scan-secrets';
import type { ChatPlatform, Outbound } from '../domain/outbound';
import type { OutboxState } from '../ports/outbox';
import type { Metrics } from '../ports/metrics';
import { noMetrics } from '../ports/metrics';
import { isAppError } from '../domain/errors';
import { createDecideReview } from './review/decide-review';
import { createDecommissionApp } from './stewardship/decommission-app';
import type { ExportFormat } from './queries/export-apps';
import { exportApps } from './queries/export-apps';
import { listApps } from './queries/list-apps';
import { createDecidersOf } from './review/deciders-of';
import { resolveApp } from './queries/resolve-app';
import { createPendingReviewsFor } from './review/pending-reviews-for';
import { createRecertifyApp } from './stewardship/recertify-app';
import { createCheckGate } from './gate/check-gate';
import { createIssueApiToken } from './api-access/issue-api-token';
import { createRevokeApiToken } from './api-access/revoke-api-token';
import { createAuthenticateApiToken } from './api-access/authenticate-api-token';
import { createSpendCiTokenId } from './api-access/spend-ci-token-id';
import { createRepostReview } from './review/repost-review';
import { createSubmitAssessedRegistration, createSubmitRegistration } from './registration/submit-registration';
import { createTransferApp } from './stewardship/transfer-app';
import { createUpdateApp, createUpdateAssessedApp } from './registration/update-app';
import { createStartRegistration } from './registration/start-registration';
import { createAdvanceRegistration } from './registration/advance-registration';
import { describeApp } from './queries/describe-app';
import { verifyAudit } from './queries/verify-audit';
import { readMessageRecords, readReviewRecords } from './queries/read-message-records';
import type { Core } from './core';
import { createRouteChannel } from './review/route-channel';
import { createCheckRoutes } from './review/check-routes';
import { createRunDueWork } from './sweep/run-due-work';
import { createAnswerReminder } from './sweep/answer-reminder';
import { createConfirmPurge } from './sweep/confirm-purge';
import { createRecordSandboxUse } from './activity/record-sandbox-use';
import { createOpenIncident } from './incidents/open-incident';
import { createAnswerIncident } from './incidents/answer-incident';
import { createClaimApp } from './stewardship/claim-app';
import { createIssueAppToken } from './activity/issue-app-token';
import { createRevokeAppToken } from './activity/revoke-app-token';
import { createIssueSignInLink } from './web-access/issue-sign-in-link';
import { createCheckSignInLink } from './web-access/check-sign-in-link';
import { createRedeemSignInLink } from './web-access/redeem-sign-in-link';
import { createSignInVerifiedEmail } from './web-access/sign-in-verified-email';
import { createSessionViewer } from './web-access/session-viewer';
import { createSignOut } from './web-access/sign-out';
import { createRecordHeartbeat } from './activity/record-heartbeat';
import { createKeepApp } from './sweep/keep-app';
import { createGrantException } from './exceptions/grant-exception';
import { createSkipSiemEvent } from './audit/skip-siem-event';
import type { DiscoverySource } from '../ports/discovery-source';
import { createRunDiscovery } from './discovery/run-discovery';
import { createImportDiscovered } from './discovery/import-discovered';
import { createListDiscovered } from './discovery/list-discovered';
import { createIgnoreDiscoveredItem } from './discovery/ignore-discovered-item';
import { createReadAdminCoverage } from './discovery/read-admin-coverage';
import { createReadDiscoveryCoverage } from './discovery/read-discovery-coverage';
import type { HealthProbe } from '../ports/health-probe';
import { createCheckAppHealth } from './health/check-app-health';
import { createRunHealthRound } from './health/run-health-round';
import { reachableAdmins } from '../people/reachable-admins';
import { createAskAboutDiscovered } from './discovery/ask-about-discovered';
import { createAnswerDiscoveredItem } from './discovery/answer-discovered-item';
import { createStartDiscoveredRegistration } from './discovery/start-discovered-registration';

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
  /** The address sign-in links point at (PUBLIC_URL, else this machine), without a trailing slash; `publicUrl` when absent. */
  dashboardBase?: () => string;
  /** The discovery sources the composition root configured; none when absent (imports still work). */
  discoverySources?: readonly DiscoverySource[];
  /** Waits between discovery pages and before retries; the timer when absent. */
  sleep?: (ms: number) => Promise<void>;
  /** Calls apps' health endpoints; health rounds are refused when absent. */
  healthProbe?: HealthProbe;
}

/** The use cases, wired to their dependencies; adapters and the CLI call only these. */
export function createCore(deps: CoreDeps): Core {
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
  const registered = (r: { assessment: { tier: number; decision: string } }) =>
    metrics.registered(r.assessment.tier, r.assessment.decision);
  const submitRegistration = queued(createSubmitRegistration(deps), registered);
  const updateApp = queued(createUpdateApp(deps), registered);
  const recertifyApp = queued(createRecertifyApp(deps));
  const sources = deps.discoverySources ?? [];
  const probe = deps.healthProbe;
  const runHealthRound = probe
    ? createRunHealthRound({
        ...deps,
        check: createCheckAppHealth({
          ...deps,
          probe,
          admins: () => reachableAdmins(deps.policy(), deps.platforms, deps.directory),
        }),
      })
    : () => Promise.reject(new Error('health rounds need a health probe: pass healthProbe to createCore'));
  return {
    runHealthRound: queued(runHealthRound),
    healthHistory: (appId: string, limit = 100) => deps.registry.read((tx) => tx.health.history(appId, limit)),
    runDiscovery: queued(createRunDiscovery({ ...deps, sources }), (outcomes) => {
      for (const o of outcomes)
        if (o.outcome === 'complete' || o.outcome === 'failed') metrics.scanned(o.source, o.outcome);
    }),
    importDiscovered: createImportDiscovered({ ...deps, sources }),
    listDiscovered: createListDiscovered(deps),
    ignoreDiscoveredItem: createIgnoreDiscoveredItem(deps),
    discoveryCoverage: createReadDiscoveryCoverage({ ...deps, sources }),
    adminCoverage: createReadAdminCoverage({
      policy: deps.policy,
      readCoverage: createReadDiscoveryCoverage({ ...deps, sources }),
    }),
    discoverySources: () => sources.map((s) => s.name),
    askAboutDiscovered: queued(createAskAboutDiscovered(deps)),
    skipSiemEvent: queued(createSkipSiemEvent(deps)),
    answerDiscoveredItem: createAnswerDiscoveredItem(deps),
    startDiscoveredRegistration: createStartDiscoveredRegistration(deps),
    submitRegistration,
    updateApp,
    startRegistration: createStartRegistration(deps),
    advanceRegistration: createAdvanceRegistration({
      ...deps,
      submit: queued(createSubmitAssessedRegistration(deps), registered),
      update: queued(createUpdateAssessedApp(deps), registered),
    }),
    describeApp: (idOrName: string, revisionId?: string) => describeApp(deps, idOrName, revisionId),
    decideReview: queued(createDecideReview(deps), (r) => metrics.decided(r.outcome)),
    repostReview: queued(createRepostReview(deps)),
    recertifyApp,
    checkGate: createCheckGate(deps),
    issueApiToken: createIssueApiToken(deps),
    listApiTokens: () => deps.registry.read((tx) => tx.apiTokens.list()),
    revokeApiToken: createRevokeApiToken(deps),
    authenticateApiToken: createAuthenticateApiToken(deps),
    spendCiTokenId: createSpendCiTokenId(deps),
    runDueWork: queued(createRunDueWork(deps), (report) => {
      for (const d of report.digests)
        if (d.sent && !report.dryRun) for (const i of d.items) metrics.reminded(i.obligation, 1);
    }),
    answerReminder: createAnswerReminder({
      ...deps,
      recertify: recertifyApp,
      confirmPurge: queued(createConfirmPurge(deps)),
      keep: createKeepApp(deps),
    }),
    issueAppToken: createIssueAppToken(deps),
    revokeAppToken: createRevokeAppToken(deps),
    issueSignInLink: createIssueSignInLink({
      ...deps,
      dashboardBase: deps.dashboardBase ?? (() => (deps.publicUrl ?? 'http://localhost:3000').replace(/\/+$/, '')),
    }),
    checkSignInLink: createCheckSignInLink(deps),
    redeemSignInLink: createRedeemSignInLink(deps),
    signInVerifiedEmail: createSignInVerifiedEmail(deps),
    sessionViewer: createSessionViewer(deps),
    signOut: createSignOut(deps),
    recordHeartbeat: createRecordHeartbeat(deps),
    openIncident: queued(createOpenIncident(deps)),
    answerIncident: createAnswerIncident(deps),
    recordSandboxUse: createRecordSandboxUse(deps),
    grantException: queued(createGrantException(deps)),
    activeExceptions: () =>
      deps.registry.read(async (tx) =>
        Promise.all(
          (await tx.exceptions.active()).map(async (e) => ({
            ...e,
            appName: (await tx.apps.find(e.appId))?.name ?? e.appId,
          })),
        ),
      ),
    claimApp: createClaimApp(deps),
    deactivatePerson: (refOrEmail: string) =>
      deps.registry.people.deactivate(refOrEmail, deps.clock.now().toISOString()),
    digestOf: async (reminderId: string) => (await deps.registry.read((tx) => tx.reminders.find(reminderId)))?.digestId,
    routeChannel: queued(createRouteChannel(deps)),
    checkRoutes: queued(createCheckRoutes(deps)),
    transferApp: queued(createTransferApp(deps)),
    decommissionApp: queued(createDecommissionApp(deps)),
    pendingReviewsFor: createPendingReviewsFor(deps),
    decidersOf: createDecidersOf(deps),
    reviewRecords: (reviewId: string) => readReviewRecords(deps.registry, reviewId),
    messageRecords: (message: Outbound) => readMessageRecords(deps.registry, message, deps.clock.now().toISOString()),
    reviewDetails: (reviewId: string) =>
      deps.registry.read(async (tx) => {
        const review = await tx.reviews.find(reviewId);
        const app = review && (await tx.apps.find(review.appId));
        return review && app ? { review, app } : undefined;
      }),
    appDetails: (idOrName: string) =>
      deps.registry.read(async (tx) => {
        const app = (await tx.apps.find(idOrName)) ?? (await tx.apps.findByName(idOrName));
        if (!app) return undefined;
        return {
          app,
          revision: (await tx.revisions.find(app.currentRevisionId))!,
          review: await tx.reviews.latestFor(app.id),
        };
      }),
    deliveries: (states: OutboxState[], limit = 100) => deps.registry.outbox.list({ states, limit }),
    people: deps.directory,
    policy: deps.policy,
    platforms: deps.platforms,
    listApps: (query: Parameters<typeof listApps>[1]) => listApps(deps.registry, query),
    findApp: (idOrName: string) => deps.registry.apps.find(idOrName),
    resolveApp: (text: string) => resolveApp(deps.registry, text),
    exportApps: (format: ExportFormat) => exportApps(deps, format),
    verifyAudit: () => verifyAudit(deps.registry),
  };
}
