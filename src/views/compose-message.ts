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
import type { UnheldRoles } from './risk-summary';
import { riskSummary } from './risk-summary';
import type { Assessment } from '../domain/assessment';
import type { ChatPlatform } from '../domain/outbound';
import { reachableAdmins } from '../people/reachable-admins';
import { unheldRoles } from '../policy/unheld-roles';
import { withZoneNote } from './with-zone-note';
import { discoveryQuestion } from './discovery-question';
import { discoveryDigest } from './discovery-digest';
import { checkpointMessage } from './checkpoint-message';

/** A rendered message; `reviewVersion` is the review state an approval card shows. */
export interface Composed {
  view: View;
  reviewVersion?: number;
}

/**
 * What rendering needs besides the records: current display names and the policy's catalog and
 * timings; with the connected `platforms`, a risk summary says whether an admin could be told of a
 * role nobody holds (else any admin listed counts).
 */
export type ComposeDeps = {
  directory: Pick<PeopleDirectory, 'names' | 'lookup'>;
  policy: () => Policy;
  platforms?: readonly ChatPlatform[];
};

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
 * names, for a reader in `timeZone` (a reader whose zone is unknown is told its dates are in UTC).
 * Undefined when nothing is left to show (a digest whose causes have gone).
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
          unheld: await unheldSummary(deps, found.revision.assessment),
        }),
      };
    case 'owner_status': {
      const names = await directory.names([found.review?.decidedBy]);
      return {
        view: withZoneNote(ownerStatus(found.app, found.revision.assessment, found.review, names, timeZone), timeZone),
      };
    }
    case 'notice': {
      const n = found.notice;
      const refs = [
        n.type === 'person_unreachable' ? n.ref : undefined,
        ...('by' in n ? [n.by] : []),
        ...(n.type === 'app_transferred' ? [n.from, n.to] : []),
        ...(n.type === 'health_escalated' ? [n.owner] : []),
      ];
      return {
        view: withZoneNote(noticeView(n, { app: found.app, names: await directory.names(refs), timeZone }), timeZone),
      };
    }
    case 'reminder_digest': {
      const names = await directory.names([...found.digest.apps.values()].map((a) => a.owner));
      const view = reminderDigest({
        ...found.digest,
        names,
        timings: deps.policy().timings,
        roles: deps.policy().roles,
        timeZone,
      });
      return view && { view: withZoneNote(view, timeZone) };
    }
    case 'discovery_question':
      return found.item.state === 'asked' ? { view: discoveryQuestion(found.item, timeZone) } : undefined;
    case 'discovery_digest': {
      const names = await directory.names(found.items.flatMap((i) => [i.asked?.person, i.answered?.by]));
      const view = discoveryDigest(found.items, names, timeZone);
      return view && { view };
    }
    case 'audit_checkpoint':
      return { view: checkpointMessage(found.checkpoint) };
  }
}

/** The roles a review needs that nobody holds, and whether an admin can be told, for a risk summary. */
export async function unheldSummary(deps: ComposeDeps, assessment: Assessment): Promise<UnheldRoles | undefined> {
  const policy = deps.policy();
  const roles = assessment.decision === 'review' ? unheldRoles(policy, assessment.requiredApprovals) : [];
  if (roles.length === 0) return undefined;
  const adminsTold = deps.platforms
    ? (await reachableAdmins(policy, deps.platforms, deps.directory)).length > 0
    : (policy.roles.admin?.members.length ?? 0) > 0;
  return { roles, adminsTold };
}
