import type { ReviewRecords } from '../domain/app-record';
import type { MessageRecords } from '../app/queries/read-message-records';
import type { PeopleDirectory } from '../people/people-directory';
import { systemName as catalogName } from '../policy/catalog-match';
import type { Policy } from '../policy/policy';
import type { View } from '../ports/view-model';
import { approvalCard } from './approval-card';
import { noticeView } from './notice-view';
import { ownerStatus } from './owner-status';
import { reminderDigest } from './reminder-digest';
import { riskSummary } from './risk-summary';

/** A rendered message; `reviewVersion` is the review state an approval card shows. */
export interface Composed {
  view: View;
  reviewVersion?: number;
}

/** What rendering needs besides the records: current display names and the policy's catalog and timings. */
export type ComposeDeps = { directory: Pick<PeopleDirectory, 'names'>; policy: () => Policy };

/** The approval card for records already read, with current display names, for a reader in `timeZone`. */
export async function composeApprovalCard(
  { review, app, revision }: ReviewRecords,
  deps: ComposeDeps,
  timeZone?: string,
): Promise<Composed> {
  const systemName = (system: string) => catalogName(deps.policy(), system);
  const names = await deps.directory.names([
    app.owner,
    revision.manifest.backupOwner,
    review.decidedBy,
    ...review.approvals.map((a) => a.approver),
  ]);
  return {
    view: approvalCard({
      app,
      manifest: revision.manifest,
      assessment: revision.assessment,
      review,
      names,
      timeZone,
      systemName,
    }),
    reviewVersion: review.version,
  };
}

/**
 * Renders what an outbox message names from its records as they are now, with current display
 * names, for a reader in `timeZone`. Undefined when nothing is left to show (a digest whose causes have gone).
 */
export async function composeMessage(
  found: MessageRecords,
  deps: ComposeDeps,
  timeZone?: string,
): Promise<Composed | undefined> {
  const { directory } = deps;
  switch (found.view) {
    case 'approval_card':
      return composeApprovalCard(found.records, deps, timeZone);
    case 'risk_summary':
      return {
        view: riskSummary(found.revision.manifest.name, found.revision.assessment, {
          manifest: found.revision.manifest,
        }),
      };
    case 'owner_status': {
      const names = await directory.names([found.review?.decidedBy]);
      return { view: ownerStatus(found.app, found.revision.assessment, found.review, names, timeZone) };
    }
    case 'notice': {
      const n = found.notice;
      const refs = [
        n.type === 'person_unreachable' ? n.ref : undefined,
        ...('by' in n ? [n.by] : []),
        ...(n.type === 'app_transferred' ? [n.from, n.to] : []),
      ];
      return { view: noticeView(n, { app: found.app, names: await directory.names(refs), timeZone }) };
    }
    case 'reminder_digest': {
      const names = await directory.names([...found.digest.apps.values()].map((a) => a.owner));
      const view = reminderDigest({ ...found.digest, names, timings: deps.policy().timings, timeZone });
      return view && { view };
    }
  }
}
