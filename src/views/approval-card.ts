import type { AppRecord, ReviewRecord } from '../domain/app-record';
import type { Assessment } from '../domain/assessment';
import type { Manifest } from '../domain/manifest';
import { remainingApprovals } from '../domain/review-progress';
import { ACTIONS } from './action-ids';
import { declaredBlocks } from './declared-details';
import { reasonLines } from './risk-summary';
import type { Block, View } from '../ports/view-model';
import { TIER_NAMES, day, personName } from './wording';
import { roleLabel } from '../policy/role-label';

/** What an approval card shows. */
export interface ApprovalCardInput {
  app: AppRecord;
  manifest: Manifest;
  assessment: Assessment;
  review: ReviewRecord;
  /** Display names for user refs, where known. */
  names?: Record<string, string>;
  /** The reader's time zone for dates (UTC for channels). */
  timeZone?: string;
  /** A catalog id as people read it. */
  systemName?: (system: string) => string;
}

/**
 * The reviewers' card: what the owner declared (people, audience, data, systems with access and
 * secrets, AI, retention, attested controls), why it needs review, and the approvals so far. While
 * the review is open it carries Approve and Deny; once decided it says who decided, when and why.
 * "Full details" opens everything, technical details included.
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
  const blocks: Block[] = [
    { type: 'text', text: manifest.purpose },
    { type: 'fields', fields: [{ label: 'Risk', value: `${TIER_NAMES[assessment.tier]}, score ${assessment.score}` }] },
    ...declaredBlocks(manifest, { names, systemName }),
    { type: 'text', text: 'Why it needs review:', items: reasonLines(assessment, timeZone) },
  ];
  const progress = review.requiredApprovals.map((r) => {
    const given = review.approvals.filter((a) => a.role === r.role);
    const by = given.length ? `: ${given.map((a) => who(a.approver)).join(', ')}` : '';
    return `${roleLabel(r.role)}: ${given.length} of ${r.count}${by}`;
  });
  blocks.push({ type: 'text', text: 'Approvals:', items: progress });

  const details = { actionId: ACTIONS.showDetails, label: 'Full details', value: review.revisionId };
  if (review.status === 'open') {
    const waiting = remainingApprovals(review)
      .map((r) => roleLabel(r.role))
      .join(', ');
    blocks.push({ type: 'context', text: `Waiting for: ${waiting}. Opened ${day(review.createdAt, timeZone)}.` });
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
            text: `Denied by ${who(review.decidedBy)} on ${day(review.decidedAt, timeZone)}. Reason: ${review.reason ?? '-'}`,
            tone: 'danger',
          },
    );
    blocks.push({ type: 'actions', buttons: [details] });
  }
  return { title: `Review: ${app.name}`, blocks };
}
