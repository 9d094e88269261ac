import type { AppRecord, ReviewRecord } from '../domain/app-record';
import type { Assessment } from '../domain/assessment';
import type { Manifest } from '../domain/manifest';
import { remainingApprovals } from '../domain/review-progress';
import { ACTIONS } from './action-ids';
import { declaredFields, declaredSmallPrint } from './declared-details';
import { reviewerReasons } from './reviewer-reasons';
import type { Block, View } from '../ports/view-model';
import { TIER_NAMES, day, personName } from './wording';
import { roleLabel } from '../policy/role-label';

/** How many of the weightiest reasons the verdict line names; the rest are listed below the facts. */
const VERDICT_FACTS = 3;

/** What an approval card shows. */
export interface ApprovalCardInput {
  app: AppRecord;
  manifest: Manifest;
  assessment: Assessment;
  review: ReviewRecord;
  /** Display names for user refs, where known. */
  names?: Record<string, string>;
  /** The reader's time zone for dates; `EACH_READERS_ZONE` on a card posted to a channel. */
  timeZone?: string;
  /** A catalog id as people read it. */
  systemName?: (system: string) => string;
}

/**
 * The reviewers' card, read in seconds: a one-line verdict (tier, score and the weightiest reasons,
 * worded for the reviewer), what the app is for, the declared facts as labelled fields (people,
 * audience, data, systems with their access, AI), the other reasons and the lesser facts in small
 * print (retention, team, tools, controls), and the approvals so far. Nothing the owner left out is
 * shown as "Not stated". While the review is open it carries Approve and Deny; once decided it says
 * who decided, when and why. "Full details" opens everything, technical details included.
 */
export function approvalCard({
  app,
  manifest,
  assessment,
  review,
  names = {},
  timeZone,
  systemName,
}: ApprovalCardInput): View {
  const who = (ref: string | undefined) => personName(ref, names);
  const reasons = reviewerReasons(assessment, timeZone);
  const drivers = reviewerReasons(assessment, timeZone, true).slice(0, VERDICT_FACTS);
  const blocks: Block[] = [
    {
      type: 'text',
      text: `${TIER_NAMES[assessment.tier]}, score ${assessment.score} of 10${drivers.length ? `: ${listed(drivers)}.` : '.'}`,
    },
    { type: 'text', text: manifest.purpose },
    declaredFields(manifest, { names, systemName }),
  ];
  if (reasons.length > VERDICT_FACTS)
    blocks.push({ type: 'context', text: `Also noted: ${listed(reasons.slice(VERDICT_FACTS))}.` });
  const smallPrint = declaredSmallPrint(manifest, assessment.requiredControls);
  if (smallPrint) blocks.push({ type: 'context', text: smallPrint });
  const given = review.requiredApprovals.flatMap((r) => {
    const by = review.approvals.filter((a) => a.role === r.role).map((a) => who(a.approver));
    return by.length ? [`${roleLabel(r.role)}: ${by.length} of ${r.count} (${by.join(', ')})`] : [];
  });
  const approvals = given.length ? `${given.join('; ')}.` : '';

  const details = { actionId: ACTIONS.showDetails, label: 'Full details', value: review.revisionId };
  if (review.status === 'open') {
    const waiting = remainingApprovals(review)
      .map((r) => (r.count > 1 ? `${roleLabel(r.role)} (${r.count} more)` : roleLabel(r.role)))
      .join(', ');
    blocks.push({
      type: 'context',
      text: `${approvals} Waiting for: ${waiting}. Opened ${day(review.createdAt, timeZone)}.`.trim(),
    });
    blocks.push({
      type: 'actions',
      buttons: [
        { actionId: ACTIONS.approve, label: 'Approve', value: review.id, style: 'primary' },
        { actionId: ACTIONS.deny, label: 'Deny', value: review.id, style: 'danger' },
        details,
      ],
    });
  } else {
    blocks.push(
      review.status === 'approved'
        ? {
            type: 'text',
            text: `Approved by ${who(review.decidedBy)} on ${day(review.decidedAt, timeZone)}.`,
            tone: 'good',
          }
        : {
            type: 'text',
            text: `Denied by ${who(review.decidedBy)} on ${day(review.decidedAt, timeZone)}.`,
            tone: 'danger',
          },
    );
    if (review.status !== 'approved') blocks.push({ type: 'text', text: `Reason: ${review.reason ?? '-'}` });
    if (approvals) blocks.push({ type: 'context', text: approvals });
    blocks.push({ type: 'actions', buttons: [details] });
  }
  return { title: `Review: ${app.name}`, blocks };
}

/** Reasons run on after a colon: "stores Confidential data; calls an AI model" (acronyms keep their case). */
function listed(reasons: string[]): string {
  return reasons.map((r) => (/^[A-Z](?=[a-z ])/.test(r) ? r.charAt(0).toLowerCase() + r.slice(1) : r)).join('; ');
}
