import type { AppRecord, ReviewRecord, RevisionRecord } from '../../domain/app-record';
import type { Destination } from '../../domain/assessment';
import type { ChatPlatform } from '../../domain/outbound';
import { remainingApprovals } from '../../domain/review-progress';
import { separatedRefs } from '../../domain/separation-of-duties';
import { addBusinessDays } from '../../domain/working-hours';
import type { PolicyException } from '../../domain/policy-exception';
import type { AppValueAnswer } from '../../domain/app-value';
import type { PeopleDirectory } from '../../people/people-directory';
import { systemName } from '../../policy/catalog-match';
import type { Policy } from '../../policy/policy';
import type { Registry, RegistryWith } from '../../ports/registry';
import { unheldRoles } from '../../policy/unheld-roles';
import { uniqueRefs } from '../../domain/actor';
import type { AppHealth } from '../../domain/app-health';

/** Where an open review waits: the channels its card went to, who can still approve it, and when it is chased. */
export interface ReviewWhereabouts {
  review: ReviewRecord;
  /** Its tier's destinations on the connected platforms (none: its card could not be posted anywhere). */
  destinations: Destination[];
  /** Those of `destinations` on a platform where a copy of its card has been posted. */
  posted: Destination[];
  /** Members (refs and emails) of the roles it still waits for, less those the separation of duties keeps out. */
  reviewers: string[];
  /** Roles it still waits for that nobody holds. */
  unheldRoles: string[];
  remindOn: string;
  /** Who is reminded: the reviewers, or the admins when nobody can approve it, or nobody when no admin is listed either. */
  remindTo: 'reviewers' | 'admins' | 'nobody';
  escalateOn: string;
  escalateToRole: string;
  /** Who it is escalated to: the fallback role, or the admins when nobody holds it, or nobody when no admin is listed either. */
  escalateTo: 'role' | 'admins' | 'nobody';
}

/** An app as its details views show it. */
export interface DescribedApp {
  app: AppRecord;
  revision: RevisionRecord;
  review?: ReviewRecord;
  /** Set while a review is open. */
  waiting?: ReviewWhereabouts;
  names: Record<string, string>;
  systemName: (system: string) => string;
  /** Exceptions to policy rules in force for the app. */
  exceptions?: PolicyException[];
  /** What the owner last said the app is worth, when they have said. */
  value?: AppValueAnswer;
  /** What the last health checks found, if the app was ever checked. */
  health?: AppHealth;
}

/**
 * An app (by id or name, or by one of its revisions) with that revision, its latest review, and
 * the display names of everyone they mention. Undefined when nothing matches.
 */
export async function describeApp(
  deps: {
    registry: RegistryWith<'apps' | 'exceptions' | 'reviews' | 'revisions' | 'values' | 'health'> &
      Pick<Registry, 'cards'>;
    policy: () => Policy;
    directory: PeopleDirectory;
    platforms: readonly ChatPlatform[];
  },
  idOrName: string,
  revisionId?: string,
): Promise<DescribedApp | undefined> {
  const found = await deps.registry.read(async (tx) => {
    const byRevision = revisionId ? await tx.revisions.find(revisionId) : undefined;
    const app = byRevision
      ? await tx.apps.find(byRevision.appId)
      : ((await tx.apps.find(idOrName)) ?? (await tx.apps.findByName(idOrName)));
    if (!app) return undefined;
    const revision = byRevision ?? (await tx.revisions.find(app.currentRevisionId));
    const review = await tx.reviews.latestFor(app.id);
    const reviewed = review?.status === 'open' ? await tx.revisions.find(review.revisionId) : undefined;
    const value = (await tx.values.latest([app.id])).get(app.id);
    return (
      revision && {
        app,
        revision,
        review,
        reviewed,
        value,
        exceptions: await tx.exceptions.activeFor(app.id),
        health: await tx.health.current(app.id),
      }
    );
  });
  if (!found) return undefined;
  const { reviewed, ...described } = found;
  const policy = deps.policy();
  const copies = reviewed && found.review ? await deps.registry.cards.list(found.review.id) : [];
  const waiting =
    reviewed && found.review
      ? whereabouts(found.review, reviewed, policy, deps.platforms, new Set(copies.map((c) => c.platform)))
      : undefined;
  const m = found.revision.manifest;
  const names = await deps.directory.names([
    ...found.exceptions.map((e) => e.grantedBy),
    found.app.owner,
    m.owner,
    m.backupOwner,
    found.review?.decidedBy,
    ...(found.review?.approvals.map((a) => a.approver) ?? []),
    ...(waiting?.reviewers ?? []),
    found.value?.answeredBy,
  ]);
  return { ...described, waiting, names, systemName: (system) => systemName(policy, system) };
}

function whereabouts(
  review: ReviewRecord,
  revision: RevisionRecord,
  policy: Policy,
  platforms: readonly ChatPlatform[],
  postedOn: ReadonlySet<ChatPlatform>,
): ReviewWhereabouts {
  const kept = separatedRefs(policy.separationOfDuties, {
    owner: revision.manifest.owner,
    backupOwner: revision.manifest.backupOwner,
    submitter: revision.submittedBy,
  });
  const allowed = (refs: string[]) => uniqueRefs(refs.filter((m) => !kept.has(m.trim().toLowerCase())));
  const reviewers = allowed(remainingApprovals(review).flatMap((a) => policy.roles[a.role]?.members ?? []));
  const sla = policy.timings.reviewSla;
  const created = new Date(review.createdAt);
  const destinations = revision.assessment.destinations.filter((d) => platforms.includes(d.platform));
  const admins = (policy.roles.admin?.members.length ?? 0) > 0 ? 'admins' : 'nobody';
  return {
    review,
    destinations,
    posted: destinations.filter((d) => postedOn.has(d.platform)),
    reviewers,
    unheldRoles: unheldRoles(policy, remainingApprovals(review)),
    remindOn: addBusinessDays(created, sla.remindAfterBusinessDays).toISOString(),
    remindTo: reviewers.length ? 'reviewers' : admins,
    escalateOn: addBusinessDays(created, sla.escalateAfterBusinessDays).toISOString(),
    escalateToRole: sla.escalateToRole,
    escalateTo: allowed(policy.roles[sla.escalateToRole]?.members ?? []).length ? 'role' : admins,
  };
}
