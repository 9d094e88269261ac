import type { AppRecord, ReviewRecord } from '../domain/app-record';
import type { Assessment } from '../domain/assessment';
import type { View } from '../ports/view-model';
import { STATUS_WORDS, approvalsWording, day, personName } from './wording';

/** The message the owner gets about where their app stands. */
export function ownerStatus(
  app: AppRecord,
  assessment: Assessment,
  review?: ReviewRecord,
  names: Record<string, string> = {},
  timeZone?: string,
): View {
  const who = (ref: string | undefined) => (ref ? personName(ref, names) : 'a reviewer');
  const text = (() => {
    switch (app.status) {
      case 'approved':
        if (review?.status === 'denied')
          return {
            text: `Your change to "${app.name}" was denied by ${who(review.decidedBy)}. Reason: ${review.reason ?? '-'}. The version approved before stays in force until ${day(app.expiresAt, timeZone)}.`,
            tone: 'danger' as const,
          };
        if (review?.status === 'open')
          return {
            text: `"${app.name}" is approved until ${day(app.expiresAt, timeZone)}. Your change waits for ${approvalsWording(review.requiredApprovals)}; the approved version stays in force meanwhile.`,
            tone: 'warning' as const,
          };
        return {
          text: `"${app.name}" is approved until ${day(app.expiresAt, timeZone)}. We will remind you to re-certify it before then.`,
          tone: 'good' as const,
        };
      case 'pending_review':
        return {
          text: `"${app.name}" is waiting for ${approvalsWording(assessment.requiredApprovals)}. You will hear as soon as reviewers decide.`,
          tone: 'warning' as const,
        };
      case 'rejected':
        return {
          text: `"${app.name}" was denied by ${who(review?.decidedBy)}. Reason: ${review?.reason ?? '-'}. Fix it and register again.`,
          tone: 'danger' as const,
        };
      case 'prohibited':
        return {
          text: `"${app.name}" is not allowed: ${assessment.reasons[0]?.message ?? ''} ${assessment.reasons[0]?.fix ?? ''} Questions: ${assessment.contact ?? 'your platform team'}.`,
          tone: 'danger' as const,
        };
      case 'expired':
        return {
          text: `"${app.name}" expired on ${day(app.expiresAt, timeZone)} and is suspended. Re-certify it to resume.`,
          tone: 'warning' as const,
        };
      case 'decommissioned':
        return { text: `"${app.name}" has been decommissioned.`, tone: 'normal' as const };
    }
  })();
  return {
    title: `${app.name}: ${STATUS_WORDS[app.status]}`,
    blocks: [
      { type: 'text', ...text },
      { type: 'context', text: `Tier ${app.tier}, score ${app.score}.` },
    ],
  };
}
