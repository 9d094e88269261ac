import type { AppValue } from '../domain/app-value';
import type { GateResult } from './gate/check-gate';
import type { ApiScope, ApiTokenRecord } from '../domain/api-token';
import type { IssuedApiToken } from './api-access/issue-api-token';
import type { Actor } from '../domain/actor';
import type { AppRecord, ReviewRecord, ReviewRecords, RevisionRecord } from '../domain/app-record';
import type { ChatPlatform, Outbound } from '../domain/outbound';
import type { Incident } from '../domain/incident';
import type { PolicyException } from '../domain/policy-exception';
import type { Person } from '../ports/people';
import type { PeopleDirectory } from '../people/people-directory';
import type { Policy } from '../policy/policy';
import type { ChainVerdict } from '../domain/audit';
import type { AppPage, AppQuery } from '../ports/app-catalog';
import type { OutboxRow, OutboxState } from '../ports/outbox';
import type { IssuedAppToken } from './activity/issue-app-token';
import type { IssuedSignInLink } from './web-access/issue-sign-in-link';
import type { SignInLinkHolder } from './web-access/check-sign-in-link';
import type { StartedSession } from './web-access/redeem-sign-in-link';
import type { SessionViewer } from './web-access/session-viewer';
import type { Heartbeat, HeartbeatOutcome } from './activity/record-heartbeat';
import type { SandboxUse } from './activity/record-sandbox-use';
import type { ExceptionRequest, GrantedException } from './exceptions/grant-exception';
import type { IncidentOutcome } from './incidents/answer-incident';
import type { DescribedApp } from './queries/describe-app';
import type { ExportFormat } from './queries/export-apps';
import type { MessageRecords } from './queries/read-message-records';
import type { FormValues } from '../domain/registration-answers';
import type { RegistrationFormState } from '../domain/registration-draft';
import type { RegistrationStep } from './registration/advance-registration';
import type { UpdatedApp } from './registration/revise-app';
import type { SubmittedRegistration } from './registration/store-registration';
import type { RouteCheck } from './review/check-routes';
import type { Decider } from './review/deciders-of';
import type { DecidedReview, ReviewDecision } from './review/decide-review';
import type { RouteRequest, RouteResult } from './review/route-channel';
import type { DecommissionEvidence } from './stewardship/decommission-app';
import type { ReminderAnswer, ReminderOutcome } from './sweep/answer-reminder';
import type { SweepReport } from './sweep/run-due-work';
import type { ScanOutcome } from './discovery/scan-source';
import type { ImportOutcome } from './discovery/import-discovered';
import type { ListedItem } from './discovery/list-discovered';
import type { IgnoreRequest } from './discovery/ignore-discovered-item';
import type { DiscoveredItem, DiscoveryState } from '../domain/discovered-item';
import type { DiscoveryCoverage } from '../domain/discovery-coverage';
import type { HealthCheckRecord } from '../domain/app-health';
import type { HealthRoundReport } from './health/run-health-round';
import type { SiemHold } from './audit/skip-siem-event';
import type { AskReport } from './discovery/ask-about-discovered';
import type { DiscoveredAnswer } from './discovery/answer-discovered-item';

/** The use cases, wired to their dependencies: adapters, the CLI and the scheduler call only these. */
export interface Core {
  /** Scans the configured discovery sources (or the one named; with `dueOnly` those due), each failure reported apart. */
  runDiscovery(options?: { source?: string; dueOnly?: boolean; signal?: AbortSignal }): Promise<ScanOutcome[]>;
  /** Imports another tool's export as one complete scan of a source, in one transaction. */
  importDiscovered(request: { source: string; fileName: string; text: string }, actor: Actor): Promise<ImportOutcome>;
  /** Discovered items with their state, registered app and likely name match. */
  listDiscovered(query?: { source?: string; state?: DiscoveryState }): Promise<ListedItem[]>;
  /** Leaves a discovered item out of coverage until a day. */
  ignoreDiscoveredItem(request: IgnoreRequest, actor: Actor): Promise<DiscoveredItem>;
  /** Coverage per source and overall. */
  discoveryCoverage(): Promise<DiscoveryCoverage>;
  /** The same for an admin's App Home; undefined for anyone not in the policy's admin role, or when no source is configured and nothing was imported. */
  adminCoverage(actor: Actor): Promise<DiscoveryCoverage | undefined>;
  /** The names of the configured discovery sources. */
  discoverySources(): string[];
  /** Checks approved apps' health endpoints (with `dueOnly` those not checked for `healthChecks.everyMinutes`), one replica at a time. */
  runHealthRound(options?: { dueOnly?: boolean; signal?: AbortSignal }): Promise<HealthRoundReport>;
  /** An app's latest health checks, newest first. */
  healthHistory(appId: string, limit?: number): Promise<HealthCheckRecord[]>;
  /** Where a failing SIEM sink is held, and, given that event's number, skips it (`microapp siem skip`). */
  skipSiemEvent(sink: string, actor: Actor, event?: number): Promise<SiemHold>;
  /** One round of claim-in-chat: asks new items' creators (capped, in their working hours) and lists the unclaimed for the admins. */
  askAboutDiscovered(): Promise<AskReport>;
  /** Not mine or It's retired, from the person asked about a discovered item (or an admin). */
  answerDiscoveredItem(answer: DiscoveredAnswer, actor: Actor): Promise<DiscoveredItem>;
  /** Register it: the registration form pre-filled from a discovered item, for the person asked (or an admin). */
  startDiscoveredRegistration(ref: string, actor: Actor): Promise<RegistrationFormState>;
  /** Validates, assesses and stores a registration, queuing the assessment, the owner's note and the approval cards. */
  submitRegistration(input: unknown, actor: Actor): Promise<SubmittedRegistration>;
  /** Changes an approved app: a material change is reviewed again while the approved revision stays in force. */
  updateApp(appIdOrName: string, input: unknown, actor: Actor): Promise<UpdatedApp>;
  /** The registration form's first step, empty or (for a change) filled in from the latest revision. */
  startRegistration(actor: Actor, appName?: string): Promise<RegistrationFormState>;
  /** Takes one submitted step of the form: the next step, problems to show inline, or the stored registration. */
  advanceRegistration(values: FormValues, carried: string | undefined, actor: Actor): Promise<RegistrationStep>;
  /** An app with the revision named (or its current one), its latest review and the names and systems to show them. */
  describeApp(idOrName: string, revisionId?: string): Promise<DescribedApp | undefined>;
  /** Records a decision, queuing the card re-renders and (once decided) the owner's message. */
  decideReview(decision: ReviewDecision): Promise<DecidedReview>;
  /** Posts an open review's card again to every destination of its tier. */
  repostReview(idOrName: string, actor: Actor): Promise<{ appName: string; destinations: string[] }>;
  /** The owner, backup owner or an admin confirms an app is still needed: approved for another period. */
  recertifyApp(idOrName: string, actor: Actor, value?: AppValue): Promise<AppRecord>;
  /** "May this build ship?": a manifest (and optionally an SBOM's text) against the registry. */
  checkGate(input: { manifest: unknown; sbom?: string; file?: string }): Promise<GateResult>;
  /** Issues an API token with its scopes: shown once, stored hashed. */
  issueApiToken(name: string, scopes: ApiScope[], actor: Actor): Promise<IssuedApiToken>;
  /** Every API token, newest first, revoked ones included (hashes only). */
  listApiTokens(): Promise<ApiTokenRecord[]>;
  /** Revokes an API token by name or id. */
  revokeApiToken(idOrName: string, actor: Actor): Promise<void>;
  /** The active API token a bearer token is; undefined for anything else. */
  authenticateApiToken(token: string): Promise<ApiTokenRecord | undefined>;
  /** Spends a CI identity token's id until it expires; false when it was already spent (a replay). */
  spendCiTokenId(id: string, expiresAt: string): Promise<boolean>;
  /** One scheduler sweep: expiries, due reminders, and one digest per person inside their working hours (`dryRun` only reports). */
  runDueWork(options?: { at?: Date; dryRun?: boolean }): Promise<SweepReport>;
  /** A reminder's button: re-certify its app, confirm a purge (or say it was not done), keep a quiet app, or snooze it. */
  answerReminder(answer: ReminderAnswer, actor: Actor): Promise<ReminderOutcome>;
  /** Issues an app's heartbeat token (revoking the one before): shown once, stored hashed. */
  issueAppToken(idOrName: string, actor: Actor): Promise<IssuedAppToken>;
  /** A one-time dashboard sign-in link for the person asking (or, at the command line, for the email given). */
  issueSignInLink(actor: Actor, as?: string): Promise<IssuedSignInLink>;
  /** Whom a sign-in link signs in, without using it; `dashboard.link_refused` when it cannot be used. */
  checkSignInLink(token: string | undefined): Promise<SignInLinkHolder>;
  /** Uses a sign-in link once and starts an 8-hour dashboard session. */
  redeemSignInLink(token: string | undefined): Promise<StartedSession>;
  /** Starts a dashboard session for an email single sign-on vouched for; refused for people the directory does not know. */
  signInVerifiedEmail(email: string): Promise<StartedSession>;
  /** Who holds a dashboard session id, with what they may see; undefined for no valid session. */
  sessionViewer(sessionId: string | undefined): Promise<SessionViewer | undefined>;
  /** Ends a dashboard session. */
  signOut(sessionId: string | undefined): Promise<boolean>;
  /** Revokes an app's heartbeat token. */
  revokeAppToken(idOrName: string, actor: Actor): Promise<{ app: AppRecord; revoked: number }>;
  /** An app's heartbeat, on the word of its token: records that it is in use (at most one write a minute). */
  recordHeartbeat(beat: Heartbeat): Promise<HeartbeatOutcome>;
  /** Reports an incident from "<app> <what happened>"; the security role is told at once. */
  openIncident(
    text: string,
    actor: Actor,
  ): Promise<{ incident: Incident; app: AppRecord; told: number; remindAfterHours: number }>;
  /** Security acknowledges an incident, or the owner records its root-cause analysis. */
  answerIncident(incidentId: string, action: 'acknowledge' | 'resolve', actor: Actor): Promise<IncidentOutcome>;
  /** Records that an app ran with test data in a sandbox: its owner confirms the purge after the policy's days. */
  recordSandboxUse(idOrName: string, actor: Actor): Promise<SandboxUse>;
  /** A reviewer or admin waives one rule for one app for a few days, with compensating controls; the app is assessed again. */
  grantException(request: ExceptionRequest, actor: Actor): Promise<GrantedException>;
  /** Every exception in force, soonest to end first, with its app's name. */
  activeExceptions(): Promise<(PolicyException & { appName: string })[]>;
  /** The backup owner (or an admin) takes over an app whose owner left. */
  claimApp(idOrName: string, actor: Actor): Promise<AppRecord>;
  /** An admin's word that someone has left: their apps become ownerless (the backup owner is asked to take over). */
  deactivatePerson(refOrEmail: string): Promise<Person | undefined>;
  /** The digest a reminder went out in, to show it again after one of its buttons. */
  digestOf(reminderId: string): Promise<string | undefined>;
  /** An admin makes a channel the place for some of the policy's destinations; waiting cards are queued to it. */
  routeChannel(request: RouteRequest, actor: Actor): Promise<RouteResult>;
  /** The policy's routing against the connected platforms: skipped destinations, tiers left without one, unrouted Teams routes; admins are told (once a day). */
  checkRoutes(): Promise<RouteCheck>;
  /** Hands an app to a new owner; both are told. */
  transferApp(idOrName: string, newOwner: string, actor: Actor): Promise<{ app: AppRecord; previousOwner: string }>;
  /** Retires an app with the owner's evidence that its data and access are gone. */
  decommissionApp(idOrName: string, evidence: DecommissionEvidence, actor: Actor): Promise<AppRecord>;
  /** Open reviews this person could decide now. */
  pendingReviewsFor(actor: Actor): Promise<{ review: ReviewRecord; app: AppRecord }[]>;
  /** Who may still decide an open review, in a fixed order: the role holders it still needs with their platform refs and email, less those the separation of duties keeps out or who already approved (`records` when the caller has them). */
  decidersOf(reviewId: string, records?: ReviewRecords): Promise<Decider[]>;
  /** A review with its app and revision, for its card; undefined when any of them is gone. */
  reviewRecords(reviewId: string): Promise<ReviewRecords | undefined>;
  /** The records an outbound message names, as they are now, to render it; undefined when they are gone. */
  messageRecords(message: Outbound): Promise<MessageRecords | undefined>;
  /** A review with its app. */
  reviewDetails(reviewId: string): Promise<{ review: ReviewRecord; app: AppRecord } | undefined>;
  /** An app with its current revision and latest review. */
  appDetails(
    idOrName: string,
  ): Promise<{ app: AppRecord; revision: RevisionRecord; review?: ReviewRecord } | undefined>;
  /** Outbound messages in the given states, newest first. */
  deliveries(states: OutboxState[], limit?: number): Promise<OutboxRow[]>;
  /** The people directory: adapters record who they hear from; views look names up. */
  people: PeopleDirectory;
  /** The policy in force. */
  policy(): Policy;
  /** The chat platforms that are connected: approval cards and admin alerts go only there. */
  platforms: readonly ChatPlatform[];
  /** One page of apps matching the query. */
  listApps(query: Partial<AppQuery>): Promise<AppPage>;
  /** An app by id or name. */
  findApp(idOrName: string): Promise<AppRecord | undefined>;
  /** An app by id, name or the start of its id; refuses with `app.not_found` naming the closest name or the apps a prefix matches. */
  resolveApp(text: string): Promise<AppRecord>;
  /** Every app with its manifest and its owners' names and emails, as JSON or CSV, in chunks. */
  exportApps(format: ExportFormat): AsyncGenerator<string>;
  /** Checks the audit chain from its first event. */
  verifyAudit(): Promise<ChainVerdict>;
}
