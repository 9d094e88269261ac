import { randomUUID } from 'node:crypto';
import type { Actor } from '../../domain/actor';
import { actorRef } from '../../domain/actor';
import type { AppRecord } from '../../domain/app-record';
import { AppError } from '../../domain/errors';
import type { Incident } from '../../domain/incident';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryWith } from '../../ports/registry';
import type { SecretScanner } from '../../secrets/scan-secrets';
import { secretFieldErrors } from '../../secrets/scan-secrets';
import { noticeTo } from '../../domain/outbound-messages';
import { securityTeam } from '../../policy/security-team';
import { splitAppAndText } from '../../ports/split-app-and-text';

const EXAMPLE = 'incident Expense tracker the nightly sync sent customer rows to a public sheet';

/**
 * Opens an incident from "<app> <what happened>" (the app's name may be quoted): anyone may report
 * one. The summary is checked for secrets like every free text, the report is audited, and every
 * member of the security role is told at once; the scheduler reminds them if nobody acknowledges
 * it and reminds the owner when the root-cause analysis is due.
 */
export function createOpenIncident(deps: {
  registry: RegistryWith<'apps' | 'audit' | 'incidents' | 'outbox'>;
  policy: () => Policy;
  clock: Clock;
  scanner: SecretScanner;
}) {
  return async (
    text: string,
    actor: Actor,
  ): Promise<{ incident: Incident; app: AppRecord; told: number; remindAfterHours: number }> => {
    const { app, rest: summary } = await deps.registry.read((tx) =>
      splitAppAndText(tx, text.trim(), { followedBy: 'what happened', example: EXAMPLE, code: 'incident.unclear' }),
    );
    if (summary.length < 10 || summary.length > 1000) {
      throw new AppError(
        'incident.unclear',
        `Say in 10 to 1,000 characters what happened with "${app.name}", after its name, like: ${EXAMPLE}.`,
        { appName: app.name },
      );
    }
    const found = await deps.scanner.scan({ summary });
    if (found.length)
      throw new AppError('input.invalid', 'The incident summary holds what looks like a secret.', {
        fieldErrors: secretFieldErrors(found),
      });
    const policy = deps.policy();
    const told = securityTeam(policy);
    const at = deps.clock.now().toISOString();
    const incident: Incident = { id: randomUUID(), appId: app.id, summary, openedBy: actorRef(actor), openedAt: at };
    await deps.registry.transaction(async (tx) => {
      await tx.incidents.insert(incident);
      await tx.audit.append(
        [
          {
            actor,
            action: 'incident.opened',
            targetType: 'app',
            targetId: app.id,
            outcome: 'success',
            policyVersion: policy.version,
            riskScore: app.score,
            details: { incidentId: incident.id, summary },
          },
        ],
        at,
      );
      await tx.outbox.enqueue(
        noticeTo([...told, app.owner], {
          type: 'incident_opened',
          appId: app.id,
          incidentId: incident.id,
          by: incident.openedBy,
          summary,
        }),
        at,
      );
    });
    return { incident, app, told: told.length, remindAfterHours: policy.timings.incident.escalateHours };
  };
}
