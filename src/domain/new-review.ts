import { randomUUID } from 'node:crypto';
import type { ReviewRecord, RevisionRecord } from './app-record';
import type { RequiredApproval } from './assessment';

/** An open review of `revision`, waiting for `requiredApprovals`, opened `at`. */
export function newReview(
  revision: Pick<RevisionRecord, 'id' | 'appId'>,
  requiredApprovals: RequiredApproval[],
  at: string,
): ReviewRecord {
  return {
    id: randomUUID(),
    appId: revision.appId,
    revisionId: revision.id,
    status: 'open',
    requiredApprovals,
    version: 1,
    createdAt: at,
    approvals: [],
  };
}
