import type { ReviewWhereabouts } from '../app/queries/describe-app';
import { remainingApprovals } from '../domain/review-progress';
import type { Block } from '../ports/view-model';
import { approvalsWording, day, personName } from './wording';
import { roleLabel } from '../policy/role-label';

/** Names listed before the rest are counted. */
const MAX_NAMES = 6;
const PLATFORM_NAMES = { slack: 'Slack', teams: 'Teams' } as const;

/**
 * Where an open review waits, for its owner: the reviewers' channels its card is in (or waits for),
 * who can approve, and when it is chased and by whom. It names only destinations on connected
 * platforms, and says so plainly when the card could not be posted anywhere.
 */
export function reviewWhereabouts(w: ReviewWhereabouts, names: Record<string, string>, timeZone?: string): Block {
  const place = (d: { channel: string; platform: keyof typeof PLATFORM_NAMES }) =>
    `${d.channel} (${PLATFORM_NAMES[d.platform]})`;
  const unposted = w.destinations.filter((d) => !w.posted.includes(d));
  const where = [
    ...(w.posted.length ? [`Its review card is in ${w.posted.map(place).join(' and ')}`] : []),
    ...(unposted.length
      ? [
          `${w.posted.length ? 'it is' : 'Its review card is'} not posted yet in ${unposted.map(place).join(' and ')}: it is queued, or it could not be delivered (microapp deliveries shows which)`,
        ]
      : []),
  ].join('; ');
  const nowhere =
    "Its review card could not be posted anywhere: its tier has no reviewers' channel on the connected platforms (a platform admin adds one under routing in policies/policy.yaml)";
  const unheld = w.unheldRoles.map((r) => roleLabel(r).toLowerCase());
  const people = w.reviewers.map((r) => personName(r, names));
  const who = unheld.length
    ? `Nobody holds the ${unheld.join(' or ')} role yet, so it cannot be approved until a platform admin adds people to ${w.unheldRoles.map((r) => `roles.${r}.members`).join(' and ')} in policies/roles.yaml.${people.length ? ` Who can approve the rest: ${list(people)}.` : ''}`
    : people.length
      ? `Who can approve: ${list(people)}.`
      : 'Nobody who holds the roles it needs may approve it (separation of duties): ask a platform admin to add reviewers in policies/roles.yaml.';
  const waiting = `${where || nowhere}, waiting since ${day(w.review.createdAt, timeZone)} for ${approvalsWording(remainingApprovals(w.review))}. ${who}`;
  return { type: 'text', text: `${waiting} ${chasing(w, timeZone)}` };
}

/** Who is chased when nobody decides, and when; plainly nobody when neither reviewers nor admins are listed. */
function chasing(w: ReviewWhereabouts, timeZone?: string): string {
  if (w.remindTo === 'nobody' && w.escalateTo === 'nobody')
    return 'Nobody can be reminded about it either: nobody holds the admin role yet.';
  const reminded = { reviewers: 'reviewers are reminded', admins: 'the admins are reminded', nobody: '' }[w.remindTo];
  const escalated = {
    role: `the ${roleLabel(w.escalateToRole)}`,
    admins: `the admins (nobody holds ${roleLabel(w.escalateToRole)})`,
    nobody: '',
  }[w.escalateTo];
  const remind = reminded && `${reminded} on ${day(w.remindOn, timeZone)}`;
  const escalate = escalated && `on ${day(w.escalateOn, timeZone)} it goes to ${escalated}`;
  return `If nobody decides, ${[remind, escalate].filter(Boolean).join(', and ')}.`;
}

function list(people: string[]): string {
  return `${people.slice(0, MAX_NAMES).join(', ')}${people.length > MAX_NAMES ? ` and ${people.length - MAX_NAMES} more` : ''}`;
}
