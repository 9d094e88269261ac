import { randomUUID } from 'node:crypto';
import type { Actor } from '../domain/actor';
import { actorRef } from '../domain/actor';
import type { AppRecord } from '../domain/app-record';
import type { ErrorCode } from '../domain/errors';
import { AppError } from '../domain/errors';
import type { Incident } from '../domain/incident';
import type { Policy } from '../policy/policy';
import type { Clock } from '../ports/clock';
import type { Registry, RegistryTx } from '../ports/registry';
import type { SecretScanner } from '../secrets/scan-secrets';
import { secretFieldErrors } from '../secrets/scan-secrets';
import { noticeTo } from './outbound-messages';

/** The most words an app's name is looked for in, at the start of the text. */
const NAME_WORDS = 12;
const EXAMPLE = 'incident Expense tracker the nightly sync sent customer rows to a public sheet';

/** The role told about incidents (admins when nobody holds it). */
export const INCIDENT_ROLE = 'security';

/** Who security matters go to: the security role's members, or the admins when nobody holds it. */
export function securityTeam(policy: Policy): string[] {
  const members = policy.roles[INCIDENT_ROLE]?.members ?? [];
  return members.length ? members : (policy.roles.admin?.members ?? []);
}

/**
 * Opens an incident from "<app> <what happened>" (the app's name may be quoted): anyone may report
 * one. The summary is checked for secrets like every free text, the report is audited, and every
 * member of the security role is told at once; the scheduler reminds them if nobody acknowledges
 * it and reminds the owner when the root-cause analysis is due.
 */
export function createOpenIncident(deps: { registry: Registry; policy: () => Policy; clock: Clock; scanner: SecretScanner }) {
  return async (text: string, actor: Actor): Promise<{ incident: Incident; app: AppRecord; told: number; remindAfterHours: number }> => {
    const { app, rest: summary } = await deps.registry.read((tx) => splitAppAndText(tx, text.trim(), { followedBy: 'what happened', example: EXAMPLE, code: 'incident.unclear' }));
    if (summary.length < 10 || summary.length > 1000) {
      throw new AppError('incident.unclear', `Say in 10 to 1,000 characters what happened with "${app.name}", after its name, like: ${EXAMPLE}.`, { appName: app.name });
    }
    const found = await deps.scanner.scan({ summary });
    if (found.length) throw new AppError('input.invalid', 'The incident summary holds what looks like a secret.', { fieldErrors: secretFieldErrors(found) });
    const policy = deps.policy();
    const told = securityTeam(policy);
    const at = deps.clock.now().toISOString();
    const incident: Incident = { id: randomUUID(), appId: app.id, summary, openedBy: actorRef(actor), openedAt: at };
    await deps.registry.transaction(async (tx) => {
      await tx.incidents.insert(incident);
      await tx.appendAudit([{ actor, action: 'incident.opened', targetType: 'app', targetId: app.id, outcome: 'success', policyVersion: policy.version, riskScore: app.score, details: { incidentId: incident.id, summary } }], at);
      await tx.enqueue(noticeTo([...told, app.owner], { type: 'incident_opened', appId: app.id, incidentId: incident.id, by: incident.openedBy, summary }), at);
    });
    return { incident, app, told: told.length, remindAfterHours: policy.timings.incident.escalateHours };
  };
}

/** The app a text starts with (the longest name that matches, or a quoted one) and the rest; `usage` says what to type when none matches. */
export async function splitAppAndText(tx: RegistryTx, text: string, usage: { followedBy: string; example: string; code: ErrorCode }): Promise<{ app: AppRecord; rest: string }> {
  const quoted = /^["“']([^"”']+)["”']\s*(.*)$/s.exec(text);
  if (quoted) {
    const app = await tx.findAppByName(quoted[1]!.trim());
    if (app) return { app, rest: quoted[2]!.trim() };
  }
  const words = text.split(/\s+/).filter(Boolean);
  for (let n = Math.min(words.length, NAME_WORDS); n > 0; n--) {
    const app = await tx.findAppByName(words.slice(0, n).join(' ').replace(/[:,]$/, ''));
    if (app) return { app, rest: words.slice(n).join(' ').replace(/^[:,-]\s*/, '') };
  }
  throw new AppError(usage.code, `Start with the app's name as registered, then ${usage.followedBy}, like: ${usage.example}. List your apps to check the name.`);
}
