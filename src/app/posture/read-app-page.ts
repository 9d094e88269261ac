import type { DescribedApp } from '../queries/describe-app';
import type { AuditEvent } from '../../domain/audit';
import type { HealthCheckRecord } from '../../domain/app-health';
import type { RevisionRow } from '../../ports/posture-reads';
import type { Registry } from '../../ports/registry';

/** Who is asking, as far as visibility goes. */
export interface Reader {
  refs: readonly string[];
  seesAll: boolean;
}

/** Everything an app's page shows. */
export interface AppPage {
  described: DescribedApp;
  revisions: RevisionRow[];
  audit: AuditEvent[];
  /** Its latest health checks, newest first. */
  health: HealthCheckRecord[];
}

/** How many health checks an app's page lists. */
export const APP_HEALTH_LIMIT = 100;

/** How many audit events an app's page lists, newest first. */
export const APP_AUDIT_LIMIT = 200;

/**
 * An app's page: what `microapp show` says, its revisions, its audit events and its health checks. Undefined when no
 * app has this id, and equally when the reader may not see it (neither seeing every app nor owning,
 * backing up or having submitted it), so a page never tells whether someone else's app exists.
 */
export function createReadAppPage(deps: {
  registry: Pick<Registry, 'posture' | 'read'>;
  describeApp: (id: string) => Promise<DescribedApp | undefined>;
}) {
  return async (appId: string, reader: Reader): Promise<AppPage | undefined> => {
    if (!reader.seesAll && !(await deps.registry.posture.isAppOf(appId, reader.refs))) return undefined;
    const described = await deps.describeApp(appId);
    if (!described || described.app.id !== appId) return undefined;
    const [revisions, audit, health] = await Promise.all([
      deps.registry.posture.revisionsOf(appId),
      deps.registry.posture.auditOf(appId, APP_AUDIT_LIMIT),
      deps.registry.read((tx) => tx.health.history(appId, APP_HEALTH_LIMIT)),
    ]);
    return { described, revisions, audit, health };
  };
}
