import type { ReviewWhereabouts } from '../app/queries/describe-app';
import { remainingApprovals } from '../domain/review-progress';
import type { Block } from '../ports/view-model';
import { approvalsWording, day, personName } from './wording';
import { roleLabel } from '../policy/role-label';

/** Names listed before the rest are counted. */
const MAX_NAMES = 6;
const PLATFORM_NAMES = { slack: 'Slack', teams: 'Teams' } as const;

/** Where an open review waits, for its owner: the reviewers' channels, who can approve, and when it is chased. */
export function reviewWhereabouts(w: ReviewWhereabouts, names: Record<string, string>, timeZone?: string): Block {
  const places = w.destinations.map((d) => `${d.channel} (${PLATFORM_NAMES[d.platform]})`);
  const where = places.length
    ? `Its review card is in ${places.join(' and ')}`
    : "Its review card has no reviewers' channel on the connected platforms yet (a platform admin can route one)";
  const people = w.reviewers.map((r) => personName(r, names));
  const who = people.length
    ? `Who can approve: ${people.slice(0, MAX_NAMES).join(', ')}${people.length > MAX_NAMES ? ` and ${people.length - MAX_NAMES} more` : ''}.`
    : 'Nobody holds the roles it needs yet: ask a platform admin to add reviewers in policies/roles.yaml.';
  return {
    type: 'text',
    text: `${where}, waiting since ${day(w.review.createdAt, timeZone)} for ${approvalsWording(remainingApprovals(w.review))}. ${who} If nobody decides, reviewers are reminded on ${day(w.remindOn, timeZone)}, and on ${day(w.escalateOn, timeZone)} it goes to the ${roleLabel(w.escalateToRole)}.`,
  };
}
