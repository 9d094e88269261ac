import type { AppCatalog } from './app-catalog';
import type { AppStore } from './app-store';
import type { RevisionStore } from './revision-store';
import type { ReviewStore } from './review-store';
import type { AuditLog } from './audit-log';
import type { AuditCheckpoints } from './audit-checkpoints';
import type { CardCopies } from './card-copies';
import type { OutboxStore } from './outbox';
import type { PeopleStore } from './people';
import type { AddressBook } from './address-book';
import type { InboundDeliveries } from './inbound-deliveries';
import type { SweepLock } from './sweep-lock';
import type { SweepChanges } from './sweep-changes';
import type { ReminderLedger } from './reminder-ledger';
import type { IncidentLog } from './incident-log';
import type { AppTokens } from './app-tokens';
import type { AppActivity } from './app-activity';
import type { PurgeLog } from './purge-log';
import type { ExceptionLog } from './exception-log';
import type { RoleGroupStore } from './role-group-store';
import type { DiscoveredItems } from './discovered-items';
import type { AppValues } from './app-values';
import type { ApiTokens } from './api-tokens';
import type { DashboardAccess } from './dashboard-access';
import type { PostureReads } from './posture-reads';
import type { AppHealthStore } from './app-health-store';
import type { SiemCursors, SiemStore } from './siem-store';

/** Reads and writes inside one transaction, one sub-store per concern. */
export interface RegistryTx {
  /** App rows: lookups, lifecycle writes (expiry, retirement) and the sweep's app queries. */
  readonly apps: AppStore;
  /** Apps' revisions. */
  readonly revisions: RevisionStore;
  /** Reviews and their approvals. */
  readonly reviews: ReviewStore;
  /** Appends to the audit chain. */
  readonly audit: Pick<AuditLog, 'append'>;
  /** Queues outbound messages; they are sent only if this transaction commits. */
  readonly outbox: Pick<OutboxStore, 'enqueue'>;
  /** What the people directory knows of reminders' recipients. */
  readonly people: Pick<PeopleStore, 'profiles'>;
  /** The lock that keeps the sweep to one replica at a time. */
  readonly sweepLock: SweepLock;
  /** What changed since the last sweep, so a sweep re-plans only that. */
  readonly sweepChanges: SweepChanges;
  /** Forgets old inbound delivery keys. */
  readonly inbound: Pick<InboundDeliveries, 'purge'>;
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
  /** What discovery sources found, and how far each source's scan has got. */
  readonly discovered: DiscoveredItems;
  /** What owners say their apps are worth. */
  readonly values: AppValues;
  /** The REST API's tokens, kept responses and spent CI token ids. */
  readonly apiTokens: ApiTokens;
  /** Dashboard sign-in links and sessions (hashes only). */
  readonly webAccess: DashboardAccess;
  /** Apps' health checks: current state, history, and the round's lease. */
  readonly health: AppHealthStore;
  /** SIEM sinks' cursors, moved by hand (`microapp siem skip`). */
  readonly siemCursors: SiemCursors;
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
  readonly audit: Pick<AuditLog, 'events' | 'eventsOfApp' | 'hashes' | 'head' | 'event'>;
  /** The audit log's signed checkpoints. */
  readonly checkpoints: AuditCheckpoints;
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
  /** The last known members of the groups roles name. */
  readonly roleGroups: RoleGroupStore;
  /** Grouped reads for the posture dashboard. */
  readonly posture: PostureReads;
  /** How far each SIEM sink has been sent the audit log. */
  readonly siem: SiemStore;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
  /** Closes the database. */
  close(): Promise<void>;
}

/** A registry whose transactions and reads reach only the stores `K`: what a use case declares it touches. */
export interface RegistryWith<K extends keyof RegistryTx> {
  /** Runs `work` in one transaction: all of its writes land, or none do. */
  transaction<T>(work: (tx: Pick<RegistryTx, K>) => Promise<T>): Promise<T>;
  /** Runs reads outside a transaction (no write lock taken). */
  read<T>(work: (tx: Pick<RegistryTx, K>) => Promise<T>): Promise<T>;
}
