import type { AppRecord, AppStatus, ApprovalRecord, ReviewRecord, RevisionRecord } from '../domain/app-record';
import type { AuditEvent, AuditInput } from '../domain/audit';
import type { NewOutboundMessage } from '../domain/outbound';
import type { MessageRef } from './messenger';
import type { OutboxStore } from './outbox';
import type { PeopleStore } from './people';
import type { AddressBook } from './address-book';
import type { ReminderLedger } from './reminder-ledger';
import type { IncidentLog } from './incident-log';
import type { AppTokens } from './app-tokens';
import type { AppActivity } from './app-activity';
import type { PurgeLog } from './purge-log';
import type { ExceptionLog } from './exception-log';

/** A page request over the registry, ordered by name. */
export interface AppQuery {
  status?: AppStatus;
  /** Apps owned by any of these user refs or emails. */
  owners?: string[];
  /** Case-insensitive part of the name. */
  search?: string;
  limit: number;
  /** The `next` cursor of the previous page. */
  after?: string;
}

/** One page of apps and the cursor of the next page, if any. */
export interface AppPage {
  apps: AppRecord[];
  next?: string;
}

/** Reads and writes inside one transaction. */
export interface RegistryTx {
  /** Open reviews, oldest first. */
  openReviews(limit: number): Promise<ReviewRecord[]>;
  /** The newest review of an app's revisions, if any. */
  findLatestReview(appId: string): Promise<ReviewRecord | undefined>;
  findApp(id: string): Promise<AppRecord | undefined>;
  findAppByName(name: string): Promise<AppRecord | undefined>;
  /** Throws `registration.name_taken` when the name (case-insensitive) is in use. */
  insertApp(app: AppRecord): Promise<void>;
  updateApp(id: string, patch: Partial<Omit<AppRecord, 'id' | 'createdAt'>>): Promise<void>;
  insertRevision(revision: RevisionRecord): Promise<void>;
  findRevision(id: string): Promise<RevisionRecord | undefined>;
  insertReview(review: ReviewRecord): Promise<void>;
  /** A review with its approvals, read consistently; `lock` holds the review row until the transaction ends (PostgreSQL `FOR UPDATE`). */
  findReview(id: string, options?: { lock?: boolean }): Promise<ReviewRecord | undefined>;
  /** Applies `patch` and bumps the version only if the review is still at `version`; false when someone else got there first. */
  updateReview(id: string, version: number, patch: Partial<Pick<ReviewRecord, 'status' | 'decidedBy' | 'decidedAt' | 'reason' | 'requiredApprovals'>>): Promise<boolean>;
  insertApproval(reviewId: string, approval: ApprovalRecord): Promise<void>;
  /** Appends events to the hash chain, in order, stamped `at`. */
  appendAudit(events: AuditInput[], at: string): Promise<void>;
  /** Queues outbound messages; they are sent only if this transaction commits. */
  enqueue(messages: NewOutboundMessage[], at: string): Promise<void>;
  /** Lifecycle reminders, written with the messages they cause. */
  readonly reminders: ReminderLedger;
  /** Incidents reported against apps. */
  readonly incidents: IncidentLog;
  /** Apps' heartbeat tokens (hashes only). */
  readonly tokens: AppTokens;
  /** Which apps have gone quiet. */
  readonly activity: AppActivity;
  /** Owners' answers to purge reminders. */
  readonly purges: PurgeLog;
  /** Exceptions to policy rules granted for apps. */
  readonly exceptions: ExceptionLog;
}

/** The registry of apps and its audit log. */
export interface Registry {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction: all of its writes land, or none do. */
  transaction<T>(work: (tx: RegistryTx) => Promise<T>): Promise<T>;
  findApp(idOrName: string): Promise<AppRecord | undefined>;
  /** Runs reads outside a transaction (no write lock taken). */
  read<T>(work: (tx: RegistryTx) => Promise<T>): Promise<T>;
  listApps(query: AppQuery): Promise<AppPage>;
  auditEvents(afterSeq: number, limit: number): Promise<AuditEvent[]>;
  auditHead(): Promise<{ seq: number; hash: string } | undefined>;
  /** How many apps there are per status and tier, for metrics. */
  countApps(): Promise<{ status: string; tier: number; count: number }[]>;
  /** Remembers where a review's card was posted; `copyId` (the outbox row that posted it) keeps it to one record per post. */
  saveCardCopy(reviewId: string, copyId: string, ref: MessageRef, at: string): Promise<void>;
  /** Every posted copy of a review's card. */
  cardCopies(reviewId: string): Promise<MessageRef[]>;
  /** Outbound messages, for the delivery worker and the CLI. */
  readonly outbox: OutboxStore;
  /** The people directory. */
  readonly people: PeopleStore;
  /** Stored platform addresses (Teams conversation references, named routes). */
  readonly addresses: AddressBook;
  /** Records an inbound delivery's key; false when it was already recorded (a redelivery). */
  claimDelivery(key: string, at: string): Promise<boolean>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
