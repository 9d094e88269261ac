import type { AppRecord, ReviewRecord } from '../domain/app-record';
import { remainingApprovals } from '../domain/review-progress';
import { ACTIONS } from './action-ids';
import type { Block, View } from '../ports/view-model';
import { STATUS_WORDS, TIER_NAMES, day } from './wording';
import { roleLabel } from '../policy/role-label';
import type { DiscoveryCoverage } from '../domain/discovery-coverage';
import { coverageBlocks } from './coverage-blocks';

/** Most apps or reviews listed on the home view (each review takes two blocks; Slack allows 100 on a home tab). */
const MAX_ROWS = 20;

/** The home view: your apps (status, tier, expiry), reviews waiting for you, a Register button, and for admins discovery coverage. */
export function homeView(
  apps: AppRecord[],
  pending: { review: ReviewRecord; app: AppRecord }[],
  timeZone?: string,
  coverage?: DiscoveryCoverage,
): View {
  const blocks: Block[] = [
    {
      type: 'actions',
      buttons: [
        { actionId: ACTIONS.openRegistration, label: 'Register a micro app', value: 'register', style: 'primary' },
      ],
    },
    { type: 'header', text: 'Your apps' },
  ];
  if (apps.length === 0) blocks.push({ type: 'text', text: 'You have no registered apps yet.' });
  for (const a of apps.slice(0, MAX_ROWS)) {
    blocks.push({
      type: 'fields',
      fields: [
        { label: a.name, value: STATUS_WORDS[a.status] },
        {
          label: 'Risk',
          value: `${TIER_NAMES[a.tier]}${a.expiresAt ? `, expires ${day(a.expiresAt, timeZone)}` : ''}`,
        },
      ],
    });
  }
  if (apps.length > MAX_ROWS)
    blocks.push({ type: 'context', text: `And ${apps.length - MAX_ROWS} more: /microapp list shows them all.` });
  if (pending.length > 0) {
    blocks.push({ type: 'divider' }, { type: 'header', text: 'Waiting for your review' });
    for (const { review, app } of pending.slice(0, MAX_ROWS)) {
      blocks.push(
        {
          type: 'text',
          text: `${app.name}: ${TIER_NAMES[app.tier]}, needs ${remainingApprovals(review)
            .map((r) => roleLabel(r.role))
            .join(', ')}. Opened ${day(review.createdAt, timeZone)}.`,
        },
        {
          type: 'actions',
          buttons: [
            { actionId: ACTIONS.approve, label: 'Approve', value: review.id, style: 'primary' },
            { actionId: ACTIONS.deny, label: 'Deny', value: review.id, style: 'danger' },
          ],
        },
      );
    }
  }
  if (coverage) blocks.push(...coverageBlocks(coverage, timeZone));
  return { title: 'Micro apps', blocks };
}
