import type { AppRecord, ApprovalRecord, ReviewRecord, RevisionRecord } from '../domain/app-record';
import type { AuditInput } from '../domain/audit';
import type { NewOutboundMessage } from '../domain/outbound';
import type { AppCatalog } from './app-catalog';
import type { AuditLog } from './audit-log';
import type { CardCopies } from './card-copies';
import type { InboundDeliveries } from './inbound-deliveries';
import type { OutboxStore } from './outbox';
import type { PeopleStore } from './people';
import type { AddressBook } from './address-book';
import type { ReminderLedger } from './reminder-ledger';
import type { IncidentLog } from './incident-log';
import type { AppTokens } from './app-tokens';
import type { AppActivity } from './app-activity';
import type { PurgeLog } from './purge-log';
import type { ExceptionLog } from './exception-log';

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

/** The registry of apps and its audit log: transactions, and the stores used outside them. */
export interface Registry {
  /** Which database is behind the registry. */
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction: all of its writes land, or none do. */
  transaction<T>(work: (tx: RegistryTx) => Promise<T>): Promise<T>;
  /** Runs reads outside a transaction (no write lock taken). */
  read<T>(work: (tx: RegistryTx) => Promise<T>): Promise<T>;
  /** Apps by id or name, pages of apps, and counts. */
  readonly apps: AppCatalog;
  /** Reads the audit chain. */
  readonly audit: Pick<AuditLog, 'events' | 'head'>;
  /** Where review cards were posted. */
  readonly cards: CardCopies;
  /** Outbound messages, for the delivery worker and the CLI. */
  readonly outbox: OutboxStore;
  /** The people directory. */
  readonly people: PeopleStore;
  /** Stored platform addresses (Teams conversation references, named routes). */
  readonly addresses: AddressBook;
  /** Records inbound delivery keys to spot redeliveries. */
  readonly inbound: Pick<InboundDeliveries, 'claim'>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Closes the database. */
  close(): Promise<void>;
}
