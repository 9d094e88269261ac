import type { AppRecord, ReviewRecord } from '../domain/app-record';
import type { Assessment } from '../domain/assessment';
import type { TextBlock } from '../ports/view-model';
import { reviewerReasons } from './reviewer-reasons';
import { approvalsWording, day, personName } from './wording';

/**
 * Where an app stands, as anyone but its owner reads it (a reviewer, an admin): the owner's status
 * line without "you" and without the owner's fixes, which stay in the owner's messages.
 */
export function reviewerStatus(
  app: AppRecord,
  assessment: Assessment,
  review?: ReviewRecord,
  names: Record<string, string> = {},
  timeZone?: string,
): TextBlock {
  const who = (ref: string | undefined) => (ref ? personName(ref, names) : 'a reviewer');
  const until = day(app.expiresAt, timeZone);
  switch (app.status) {
    case 'approved':
      if (review?.status === 'denied')
        return {
          type: 'text',
          text: `A change to "${app.name}" was denied by ${who(review.decidedBy)}. Reason: ${review.reason ?? '-'}. The version approved before stays in force until ${until}.`,
          tone: 'danger',
        };
      if (review?.status === 'open')
        return {
          type: 'text',
          text: `"${app.name}" is approved until ${until}. A change waits for ${approvalsWording(review.requiredApprovals)}; the approved version stays in force meanwhile.`,
          tone: 'warning',
        };
      return { type: 'text', text: `"${app.name}" is approved until ${until}.`, tone: 'good' };
    case 'pending_review':
      return {
        type: 'text',
        text: `"${app.name}" is waiting for ${approvalsWording(assessment.requiredApprovals)}.`,
        tone: 'warning',
      };
    case 'rejected':
      return {
        type: 'text',
        text: `"${app.name}" was denied by ${who(review?.decidedBy)}. Reason: ${review?.reason ?? '-'}.`,
        tone: 'danger',
      };
    case 'prohibited':
      return {
        type: 'text',
        text: `"${app.name}" is not allowed: ${reviewerReasons({ ...assessment, reasons: assessment.reasons.slice(0, 1) }, timeZone, true)[0]?.toLowerCase() ?? 'the policy forbids it'}.`,
        tone: 'danger',
      };
    case 'expired':
      return {
        type: 'text',
        text: `"${app.name}" expired on ${until} and is suspended until its owner re-certifies it.`,
        tone: 'warning',
      };
    case 'decommissioned':
      return { type: 'text', text: `"${app.name}" has been decommissioned.`, tone: 'normal' };
  }
}
