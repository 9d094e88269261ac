import type { AppRecord, ReviewRecord } from '../domain/app-record';
import type { Assessment } from '../domain/assessment';
import type { Manifest } from '../domain/manifest';
import { optionLabel } from '../domain/manifest-fields';
import { remainingApprovals } from '../domain/review-progress';
import { ACTIONS } from './action-ids';
import type { Block, View } from './view-model';
import { TIER_NAMES, day, personName, roleLabel } from './wording';

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
}

/**
 * The reviewers' card: app summary, risk reasons, approvals and their progress. While the review
 * is open it carries Approve and Deny; once decided it says who decided, when and why, and has no buttons.
 */
export function approvalCard({ app, manifest, assessment, review, names = {}, timeZone }: ApprovalCardInput): View {
  const who = (ref: string | undefined) => personName(ref, names);
  const blocks: Block[] = [
    { type: 'text', text: manifest.purpose },
    {
      type: 'fields',
      fields: [
        { label: 'Owner', value: who(app.owner) },
        { label: 'Risk', value: `${TIER_NAMES[assessment.tier]}, score ${assessment.score}` },
        { label: 'Used by', value: `${optionLabel(manifest.audience)} (${manifest.expectedUsers})` },
        { label: 'Data', value: optionLabel(manifest.dataClassification) },
      ],
    },
    { type: 'text', text: 'Why it needs review:', items: assessment.reasons.map((r) => r.message) },
  ];
  if (assessment.requiredControls.length > 0) {
    blocks.push({ type: 'text', text: 'The owner attests:', items: assessment.requiredControls.map(optionLabel) });
  }
  const progress = review.requiredApprovals.map((r) => {
    const given = review.approvals.filter((a) => a.role === r.role);
    const by = given.length ? `: ${given.map((a) => who(a.approver)).join(', ')}` : '';
    return `${roleLabel(r.role)}: ${given.length} of ${r.count}${by}`;
  });
  blocks.push({ type: 'text', text: 'Approvals:', items: progress });

  if (review.status === 'open') {
    const waiting = remainingApprovals(review).map((r) => roleLabel(r.role)).join(', ');
    blocks.push({ type: 'context', text: `Waiting for: ${waiting}. Opened ${day(review.createdAt, timeZone)}.` });
    blocks.push({
      type: 'actions',
      buttons: [
        { actionId: ACTIONS.approve, label: 'Approve', value: review.id, style: 'primary' },
        { actionId: ACTIONS.deny, label: 'Deny', value: review.id, style: 'danger' },
      ],
    });
  } else if (review.status === 'approved') {
    blocks.push({ type: 'text', text: `Approved by ${who(review.decidedBy)} on ${day(review.decidedAt, timeZone)}.`, tone: 'good' });
  } else {
    blocks.push({ type: 'text', text: `Denied by ${who(review.decidedBy)} on ${day(review.decidedAt, timeZone)}. Reason: ${review.reason ?? '-'}`, tone: 'danger' });
  }
  return { title: `Review: ${app.name}`, blocks };
}
