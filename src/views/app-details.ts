import type { DescribedApp } from '../app/queries/describe-app';
import { declaredBlocks } from './declared-details';
import { ownerStatus } from './owner-status';
import { reasonLines } from './risk-summary';
import { reviewWhereabouts } from './review-whereabouts';
import type { View } from '../ports/view-model';
import { TIER_NAMES, day, personName } from './wording';
import { withZoneNote } from './with-zone-note';

/**
 * One app in full: where it stands, everything its owner declared (technical details included),
 * why it has the risk it has, and its revision. `/microapp status`, `microapp show` and the card's
 * "Full details" all show this. A reader whose time zone is unknown is told its dates are in UTC.
 */
export function appDetails(d: DescribedApp, timeZone?: string): View {
  return withZoneNote(details(d, timeZone), timeZone);
}

function details(d: DescribedApp, timeZone?: string): View {
  const status = ownerStatus(
    d.app,
    d.revision.assessment,
    d.review?.revisionId === d.revision.id || d.review?.status !== 'open' ? d.review : undefined,
    d.names,
    timeZone,
  );
  const a = d.revision.assessment;
  const approved = d.app.approvedRevisionId === d.revision.id;
  return {
    title: status.title,
    blocks: [
      ...status.blocks.filter((b) => b.type !== 'context'),
      ...(d.waiting ? [reviewWhereabouts(d.waiting, d.names, timeZone)] : []),
      { type: 'fields', fields: [{ label: 'Risk', value: `${TIER_NAMES[a.tier]}, score ${a.score} of 10` }] },
      ...declaredBlocks(d.revision.manifest, { names: d.names, systemName: d.systemName }, true),
      a.reasons.length > 0
        ? { type: 'text', text: 'Why it has this risk:', items: reasonLines(a, timeZone) }
        : { type: 'text', text: 'Nothing in it raises the risk.' },
      ...(d.exceptions?.length
        ? [
            {
              type: 'text' as const,
              text: 'Exceptions in force:',
              items: d.exceptions.map(
                (e) =>
                  `${e.ruleId} until ${day(e.expiresAt, timeZone)}, granted by ${personName(e.grantedBy, d.names)}. Instead: ${e.controls}`,
              ),
            },
          ]
        : []),
      {
        type: 'context',
        text: `Revision ${d.revision.number} of ${day(d.revision.createdAt, timeZone)}${approved ? ', the approved one' : d.app.approvedRevisionId ? ', not approved yet' : ''}.`,
      },
    ],
  };
}
