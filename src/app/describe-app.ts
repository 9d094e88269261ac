import type { AppRecord, ReviewRecord, RevisionRecord } from '../domain/app-record';
import type { PolicyException } from '../domain/policy-exception';
import type { PeopleDirectory } from '../people/people-directory';
import { systemName } from '../policy/catalog-match';
import type { Policy } from '../policy/policy';
import type { Registry } from '../ports/registry';

/** An app as its details views show it. */
export interface DescribedApp {
  app: AppRecord;
  revision: RevisionRecord;
  review?: ReviewRecord;
  names: Record<string, string>;
  systemName: (system: string) => string;
  /** Exceptions to policy rules in force for the app. */
  exceptions?: PolicyException[];
}

/**
 * An app (by id or name, or by one of its revisions) with that revision, its latest review, and
 * the display names of everyone they mention. Undefined when nothing matches.
 */
export async function describeApp(deps: { registry: Registry; policy: () => Policy; directory: PeopleDirectory }, idOrName: string, revisionId?: string): Promise<DescribedApp | undefined> {
  const found = await deps.registry.read(async (tx) => {
    const byRevision = revisionId ? await tx.findRevision(revisionId) : undefined;
    const app = byRevision ? await tx.findApp(byRevision.appId) : ((await tx.findApp(idOrName)) ?? (await tx.findAppByName(idOrName)));
    if (!app) return undefined;
    const revision = byRevision ?? (await tx.findRevision(app.currentRevisionId));
    return revision && { app, revision, review: await tx.findLatestReview(app.id), exceptions: await tx.exceptions.activeFor(app.id) };
  });
  if (!found) return undefined;
  const m = found.revision.manifest;
  const names = await deps.directory.names([...found.exceptions.map((e) => e.grantedBy), found.app.owner, m.owner, m.backupOwner, found.review?.decidedBy, ...(found.review?.approvals.map((a) => a.approver) ?? [])]);
  const policy = deps.policy();
  return { ...found, names, systemName: (system) => systemName(policy, system) };
}
