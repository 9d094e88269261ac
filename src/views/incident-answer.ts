import type { IncidentOutcome } from '../app/incidents/answer-incident';
import type { Incident } from '../domain/incident';
import { moment, personName, plural } from './wording';

/** What the person who reported an incident is told. */
export function incidentReported(appName: string, told: number, escalateHours: number): string {
  return told > 0
    ? `Incident with "${appName}" recorded, and the security team (${told} ${told === 1 ? 'person' : 'people'}) has been told. If nobody takes it within ${plural(escalateHours, 'hour')}, I remind them.`
    : `Incident with "${appName}" recorded, but nobody holds the security or admin role, so nobody could be told: ask a platform admin to fill in policies/roles.yaml.`;
}

/** What the person who acknowledged or resolved an incident is told; when someone was first, who and when. */
export function incidentAnswer(o: IncidentOutcome, names: Record<string, string>, timeZone?: string): string {
  const i: Incident = o.incident;
  if (o.action === 'acknowledge') {
    return o.changed
      ? `You have taken the incident with "${o.app.name}". The owner still records the root-cause analysis.`
      : `${personName(i.acknowledgedBy, names)} already took this incident, on ${moment(i.acknowledgedAt, timeZone)}.`;
  }
  return o.changed
    ? `Root-cause analysis recorded for the incident with "${o.app.name}". Thank you; the reminders stop.`
    : `${personName(i.resolvedBy, names)} already recorded the root-cause analysis, on ${moment(i.resolvedAt, timeZone)}.`;
}

/** What the person who took over an ownerless app is told. */
export function claimAnswer(appName: string): string {
  return `You now own "${appName}". Name a backup owner by changing its details (the update command), so it is never left without one again.`;
}
