import type { DescribedApp } from '../app/queries/describe-app';
import type { Actor } from '../domain/actor';
import { refersTo } from '../domain/actor';
import { reviewerReasons } from './reviewer-reasons';
import { declaredBlocks } from './declared-details';
import { ownerStatus } from './owner-status';
import { reasonLines } from './risk-summary';
import { reviewWhereabouts } from './review-whereabouts';
import { reviewerStatus } from './reviewer-status';
import type { View } from '../ports/view-model';
import type { AppValueAnswer } from '../domain/app-value';
import { TIER_NAMES, day, moment, personName, plural } from './wording';
import { withZoneNote } from './with-zone-note';

/**
 * One app in full: where it stands, everything its owner declared (technical details included, and
 * nothing the owner left out), why it has the risk it has, and its revision. `/microapp status`,
 * `microapp show` and the card's "Full details" all show this. The reasons are worded for the
 * `reader`: its owner or backup owner reads how to lower each (the owner's fixes); anyone else (a
 * reviewer, an admin, the command line) reads them as the approval card words them, and where it
 * stands, without "you" and without the owner's fixes. A reader whose time zone is unknown is told
 * its dates are in UTC.
 */
export function appDetails(d: DescribedApp, timeZone?: string, reader?: Actor): View {
  return withZoneNote(details(d, timeZone, reader !== undefined && readsAsOwner(d, reader)), timeZone);
}

/** True when `reader` owns or backs up the app (as registered, or in the revision shown). */
export function readsAsOwner(d: Pick<DescribedApp, 'app' | 'revision'>, reader: Actor): boolean {
  const m = d.revision.manifest;
  return [d.app.owner, d.app.backupOwner, m.owner, m.backupOwner].some((ref) => refersTo(ref, reader));
}

function details(d: DescribedApp, timeZone: string | undefined, forOwner: boolean): View {
  const review = d.review?.revisionId === d.revision.id || d.review?.status !== 'open' ? d.review : undefined;
  const status = ownerStatus(d.app, d.revision.assessment, review, d.names, timeZone);
  const standing = forOwner
    ? status.blocks.filter((b) => b.type !== 'context')
    : [reviewerStatus(d.app, d.revision.assessment, review, d.names, timeZone)];
  const a = d.revision.assessment;
  const approved = d.app.approvedRevisionId === d.revision.id;
  return {
    title: status.title,
    blocks: [
      ...standing,
      ...(d.waiting ? [reviewWhereabouts(d.waiting, d.names, timeZone)] : []),
      { type: 'fields', fields: [{ label: 'Risk', value: `${TIER_NAMES[a.tier]}, score ${a.score} of 10` }] },
      ...declaredBlocks(d.revision.manifest, { names: d.names, systemName: d.systemName }, true),
      a.reasons.length > 0
        ? {
            type: 'text',
            text: 'Why it has this risk:',
            items: forOwner ? reasonLines(a, timeZone) : reviewerReasons(a, timeZone),
          }
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
      ...(d.value
        ? [{ type: 'fields' as const, fields: [{ label: 'Value', value: valueWords(d.value, d.names, timeZone) }] }]
        : []),
      ...(d.health
        ? [{ type: 'fields' as const, fields: [{ label: 'Health', value: healthLine(d.health, timeZone) }] }]
        : []),
      {
        type: 'context',
        text: `Revision ${d.revision.number} of ${day(d.revision.createdAt, timeZone)}${approved ? ', the approved one' : d.app.approvedRevisionId ? ', not approved yet' : ''}.`,
      },
    ],
  };
}

/** "About 20 hours a month saved, 35 people use it (Ana Lima, 3 March 2027)": the owner's own estimate. */
export function valueWords(v: AppValueAnswer, names: Record<string, string>, timeZone?: string): string {
  const said = [
    v.hoursSavedPerMonth !== undefined && `about ${v.hoursSavedPerMonth.toLocaleString('en-US')} hours a month saved`,
    v.users !== undefined && `${v.users.toLocaleString('en-US')} ${v.users === 1 ? 'person uses' : 'people use'} it`,
  ].filter(Boolean);
  const text = said.join(', ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} (${personName(v.answeredBy, names)}, ${day(v.answeredAt, timeZone)})`;
}

function healthLine(h: NonNullable<DescribedApp['health']>, timeZone: string | undefined): string {
  const words = { healthy: 'Healthy', degraded: 'Degraded', failing: 'Failing' }[h.status];
  const run = h.status === 'failing' ? ` (${plural(h.consecutiveFailures, 'check')} in a row)` : '';
  const why = h.status !== 'healthy' && h.lastError ? `: ${h.lastError}` : '';
  return `${words} since ${moment(h.since, timeZone)}${run}${why}. Last checked ${moment(h.lastCheckedAt, timeZone)}.`;
}
