import type { AppStatus } from '../domain/app-record';
import type { Decision, RequiredApproval } from '../domain/assessment';

/** Plain-language tier names. */
export const TIER_NAMES: Record<number, string> = {
  1: 'Tier 1 (low risk)',
  2: 'Tier 2 (medium risk)',
  3: 'Tier 3 (high risk)',
  4: 'Tier 4 (prohibited)',
};

/** What each decision means for the owner. */
export const DECISION_WORDS: Record<Decision, string> = {
  auto_approve: 'Approved automatically',
  review: 'Needs review',
  prohibited: 'Not allowed',
};

/** Plain-language app statuses. */
export const STATUS_WORDS: Record<AppStatus, string> = {
  pending_review: 'Waiting for review',
  approved: 'Approved',
  rejected: 'Denied',
  prohibited: 'Not allowed',
  expired: 'Expired (re-certify to resume)',
  decommissioned: 'Decommissioned',
};

/** "1 security approval and 1 platform approval". */
export function approvalsWording(approvals: RequiredApproval[]): string {
  return approvals.map((a) => `${a.count} ${a.role} approval${a.count === 1 ? '' : 's'}`).join(' and ');
}

/** A UTC timestamp as a date people read: "21 Nov 2027". */
export function day(iso: string | undefined): string {
  if (!iso) return '-';
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

/** A role id as a label: "fallback-reviewer" → "Fallback reviewer". */
export function roleLabel(role: string): string {
  const words = role.replace(/[-_]+/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}
