import type { Kysely, Transaction } from 'kysely';
import type { RegistryTx } from '../ports/registry';
import { kyselyAppStore } from './kysely-app-store';
import { kyselyRevisionStore } from './kysely-revision-store';
import { kyselyReviewStore } from './kysely-review-store';
import { kyselyAuditLog } from './kysely-audit-log';
import { insertOutboxRows } from './kysely-outbox';
import { kyselyRecipientProfiles } from './kysely-people';
import { kyselySweepLock } from './kysely-sweep-lock';
import { kyselySweepChanges } from './kysely-sweep-changes';
import { kyselyInboundDeliveries } from './kysely-inbound-deliveries';
import { kyselyReminderLedger } from './kysely-reminder-ledger';
import { kyselyIncidentLog } from './kysely-incident-log';
import { kyselyAppTokens } from './kysely-app-tokens';
import { kyselyAppActivity } from './kysely-app-activity';
import { kyselyPurgeLog } from './kysely-purge-log';
import { kyselyExceptionLog } from './kysely-exception-log';
import { kyselyDiscoveredItems } from './kysely-discovered-items';
import { kyselyAppValues } from './kysely-app-values';
import { kyselyApiTokens } from './kysely-api-tokens';
import { kyselyDashboardAccess } from './kysely-dashboard-access';
import { kyselyAppHealth } from './kysely-app-health';
import { kyselySiemCursors } from './kysely-siem-cursors';
import type { Tables } from './tables';

/** The registry's transactional reads and writes over one kysely transaction. */
export function registryTransaction(
  trx: Transaction<Tables> | Kysely<Tables>,
  dialect: 'sqlite' | 'postgres',
): RegistryTx {
  return {
    apps: kyselyAppStore(trx, dialect),
    revisions: kyselyRevisionStore(trx, dialect),
    reviews: kyselyReviewStore(trx, dialect),
    audit: kyselyAuditLog(trx, dialect),
    outbox: { enqueue: (messages, at) => insertOutboxRows(trx, messages, at) },
    people: kyselyRecipientProfiles(trx, dialect),
    sweepLock: kyselySweepLock(trx, dialect),
    sweepChanges: kyselySweepChanges(trx),
    inbound: kyselyInboundDeliveries((work) => work(trx)),
    reminders: kyselyReminderLedger(trx, dialect),
    incidents: kyselyIncidentLog(trx),
    tokens: kyselyAppTokens(trx),
    activity: kyselyAppActivity(trx, dialect),
    purges: kyselyPurgeLog(trx),
    exceptions: kyselyExceptionLog(trx),
    discovered: kyselyDiscoveredItems(trx),
    values: kyselyAppValues(trx),
    apiTokens: kyselyApiTokens(trx),
    webAccess: kyselyDashboardAccess(trx),
    health: kyselyAppHealth(trx, dialect),
    siemCursors: kyselySiemCursors(trx),
  };
}
