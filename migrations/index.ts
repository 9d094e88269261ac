import type { Migration } from 'kysely/migration';
import * as registry from './2026-11-21-001-registry';
import * as nameSearch from './2026-11-21-002-app-name-search';
import * as delivery from './2026-11-21-003-delivery';
import * as cardPost from './2026-11-21-004-card-post';
import * as outboxAndPeople from './2026-11-21-005-outbox-and-people';
import * as platformAddress from './2026-11-21-006-platform-address';
import * as reminder from './2026-11-22-007-reminder';
import * as incident from './2026-11-22-008-incident';
import * as personDeactivated from './2026-11-22-009-person-deactivated';
import * as purgeAnswer from './2026-11-22-010-purge-answer';
import * as appActivity from './2026-11-22-011-app-activity';
import * as policyException from './2026-11-22-012-policy-exception';
import * as roleGroupMember from './2026-12-07-013-role-group-member';
import * as discoveredItem from './2026-12-07-014-discovered-item';
import * as discoveryQuestion from './2026-12-08-015-discovery-question';
import * as appHealth from './2026-12-08-016-app-health';
import * as dashboardSession from './2026-12-08-017-dashboard-session';
import * as postureFacts from './2026-12-08-018-posture-facts';
import * as appValue from './2026-12-08-019-app-value';
import * as apiToken from './2026-12-08-020-api-token';
import * as auditCheckpoint from './2026-12-08-021-audit-checkpoint';
import * as nameSkeleton from './2026-12-08-022-name-skeleton';
import * as siemCursor from './2026-12-08-023-siem-cursor';
import * as sweepChanges from './2026-12-08-025-sweep-changes';

/** Every migration, by name in the order they run. Files here are frozen: add a new one for each change. */
export const migrations: Record<string, Migration> = {
  '2026-11-21-001-registry': registry,
  '2026-11-21-002-app-name-search': nameSearch,
  '2026-11-21-003-delivery': delivery,
  '2026-11-21-004-card-post': cardPost,
  '2026-11-21-005-outbox-and-people': outboxAndPeople,
  '2026-11-21-006-platform-address': platformAddress,
  '2026-11-22-007-reminder': reminder,
  '2026-11-22-008-incident': incident,
  '2026-11-22-009-person-deactivated': personDeactivated,
  '2026-11-22-010-purge-answer': purgeAnswer,
  '2026-11-22-011-app-activity': appActivity,
  '2026-11-22-012-policy-exception': policyException,
  '2026-12-07-013-role-group-member': roleGroupMember,
  '2026-12-07-014-discovered-item': discoveredItem,
  '2026-12-08-015-discovery-question': discoveryQuestion,
  '2026-12-08-016-app-health': appHealth,
  '2026-12-08-017-dashboard-session': dashboardSession,
  '2026-12-08-018-posture-facts': postureFacts,
  '2026-12-08-019-app-value': appValue,
  '2026-12-08-020-api-token': apiToken,
  '2026-12-08-021-audit-checkpoint': auditCheckpoint,
  '2026-12-08-022-name-skeleton': nameSkeleton,
  '2026-12-08-023-siem-cursor': siemCursor,
  '2026-12-08-025-sweep-changes': sweepChanges,
};
