import type { Actor } from '../../domain/actor';
import { actorRef, refersTo } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import { AppError } from '../../domain/errors';
import type { Incident } from '../../domain/incident';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import { INCIDENT_ROLE } from '../../policy/security-team';

/** What happened: the incident as it is now, its app, and whether this answer changed it (false: someone got there first). */
export interface IncidentOutcome {
  action: 'acknowledge' | 'resolve';
  incident: Incident;
  app: AppRecord;
  changed: boolean;
}

/**
 * Acknowledge (security or admins take the incident: the 2-hour reminder stops) or resolve (its
 * owner, backup owner, security or admins record that the root-cause analysis is done: the 72-hour
 * reminder stops). Both are audited; a second answer changes nothing and says who answered first.
 */
export function createAnswerIncident(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'incidents'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return (incidentId: string, action: 'acknowledge' | 'resolve', actor: Actor): Promise<IncidentOutcome> =>
    deps.registry.transaction(async (tx) => {
      const incident = await tx.incidents.find(incidentId);
      const app = incident && (await tx.apps.find(incident.appId));
      if (!incident || !app) throw new AppError('incident.not_found', 'No such incident.');
      const policy = deps.policy();
      const holds = (role: string) => policy.roles[role]?.members.some((m) => refersTo(m, actor)) ?? false;
      const steward = refersTo(app.owner, actor) || refersTo(app.backupOwner, actor);
      if (!(holds(INCIDENT_ROLE) || holds('admin') || (action === 'resolve' && steward))) {
        throw new AppError(
          'incident.not_allowed',
          action === 'acknowledge'
            ? `Only the ${INCIDENT_ROLE} role (or an admin) can take an incident with "${app.name}". Ask them, or an admin to add you to the role.`
            : `Only the owner of "${app.name}", its backup owner, the ${INCIDENT_ROLE} role or an admin can record its root-cause analysis.`,
          { appName: app.name },
        );
      }
      const at = deps.clock.now().toISOString();
      const by = actorRef(actor);
      const changed =
        action === 'acknowledge'
          ? await tx.incidents.acknowledge(incident.id, by, at)
          : await tx.incidents.resolve(incident.id, by, at);
      if (changed) {
        await tx.audit.append(
          [
            {
              actor,
              action: action === 'acknowledge' ? 'incident.acknowledged' : 'incident.resolved',
              targetType: 'app',
              targetId: app.id,
              outcome: 'success',
              policyVersion: policy.version,
              details: { incidentId: incident.id },
            },
          ],
          at,
        );
      }
      return { action, incident: (await tx.incidents.find(incident.id))!, app, changed };
    });
}
