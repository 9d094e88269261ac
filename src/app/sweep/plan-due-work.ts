import type { ReviewRecord } from '../../domain/app-record';
import { cycleKey } from '../../domain/reminder';
import { remainingApprovals } from '../../domain/review-progress';
import { separatedRefs } from '../../domain/separation-of-duties';
import { addBusinessDays } from '../../domain/working-hours';
import type { Policy } from '../../policy/policy';
import type { RegistryTx } from '../../ports/registry';
import { addDays } from '../../domain/dates';
import { planInactivity } from './plan-inactivity';
import { planRetention, planTestData } from './plan-purges';
import { planExceptions } from './plan-exceptions';
import type { DuePlan } from './due-plan';
import { wakeAt } from './due-plan';
import { uniqueRefs } from '../../domain/actor';
import { securityTeam } from '../../policy/security-team';

/** How long after expiry an expired app's notice may still go out (a long outage, a person away). */
export const EXPIRED_NOTICE_DAYS = 30;
const HOUR_MS = 3_600_000;

/**
 * Works out what is due at `at` from the registry as it is: for each open cycle only its newest
 * due stage, so after downtime the missed stages collapse into one ("1 day left", never "30, 14,
 * 7 and 1 days left" at once). With `among`, the `SCOPED_OBLIGATIONS` are planned for those apps
 * only (the plan's `scope`); each app's part of the plan is the same either way.
 */
export async function planDueWork(
  tx: Pick<RegistryTx, 'activity' | 'apps' | 'exceptions' | 'incidents' | 'purges' | 'reviews' | 'revisions'>,
  policy: Policy,
  at: Date,
  among?: ReadonlySet<string>,
): Promise<DuePlan> {
  const plan: DuePlan = {
    stages: [],
    open: new Set(),
    expiring: [],
    unclaimed: [],
    inactive: [],
    endingExceptions: [],
    scope: among,
    wakes: new Map(),
  };
  await planRecertification(tx, policy, at, plan);
  await planReviewDeadlines(tx, policy, at, plan);
  await planIncidents(tx, policy, at, plan);
  await planOwnerless(tx, policy, at, plan);
  await planRetention(tx, policy, at, plan);
  await planTestData(tx, policy, at, plan);
  await planExceptions(tx, policy, at, plan);
  await planInactivity(tx, policy, at, plan);
  return plan;
}

function members(policy: Policy, role: string): string[] {
  return policy.roles[role]?.members ?? [];
}

async function planRecertification(
  tx: Pick<RegistryTx, 'apps' | 'reviews'>,
  policy: Policy,
  at: Date,
  plan: DuePlan,
): Promise<void> {
  const offsets = [...new Set(policy.timings.recertification.remindDaysBefore)].sort((a, b) => a - b);
  const last = offsets[0]!;
  const admins = members(policy, 'admin');
  const apps = await tx.apps.expiring(
    addDays(at, offsets[offsets.length - 1]!).toISOString(),
    addDays(at, -EXPIRED_NOTICE_DAYS).toISOString(),
    plan.scope && [...plan.scope],
  );
  const ended = apps.filter((a) => new Date(a.expiresAt!) <= at && a.approvedRevisionId);
  const approvers = await tx.reviews.approversOf(ended.map((a) => a.approvedRevisionId!));
  for (const app of apps) {
    const expiresAt = new Date(app.expiresAt!);
    const base = { appId: app.id, obligation: 'recertification' as const, cycle: app.expiresAt! };
    plan.open.add(cycleKey(base));
    const stewards = [app.owner, ...(app.backupOwner ? [app.backupOwner] : [])];
    if (expiresAt <= at) {
      if (app.status === 'approved') plan.expiring.push(app);
      const reviewers = approvers.get(app.approvedRevisionId ?? '') ?? [];
      plan.stages.push({
        ...base,
        stage: 'expired',
        dueAt: app.expiresAt!,
        recipients: uniqueRefs([...stewards, ...reviewers]),
        escalateTo: [],
        final: true,
      });
      continue;
    }
    const days = offsets.find((d) => addDays(expiresAt, -d) <= at);
    if (days === undefined) continue;
    plan.stages.push({
      ...base,
      stage: `d${days}`,
      dueAt: addDays(expiresAt, -days).toISOString(),
      recipients: days === last ? uniqueRefs(stewards) : [app.owner],
      escalateTo: app.backupOwner ? [app.backupOwner] : admins,
      final: false,
    });
  }
}

async function planReviewDeadlines(
  tx: Pick<RegistryTx, 'apps' | 'reviews' | 'revisions'>,
  policy: Policy,
  at: Date,
  plan: DuePlan,
): Promise<void> {
  const pages = plan.scope ? pagesOf(await tx.reviews.openFor([...plan.scope])) : tx.reviews.openPages(REVIEWS_PAGE);
  for await (const reviews of pages) await planReviewPage(tx, policy, at, plan, reviews);
}

/** The review deadlines of one page of open reviews (see `planReviewDeadlines`). */
async function planReviewPage(
  tx: Pick<RegistryTx, 'apps' | 'revisions'>,
  policy: Policy,
  at: Date,
  plan: DuePlan,
  reviews: ReviewRecord[],
): Promise<void> {
  const sla = policy.timings.reviewSla;
  const fallback = members(policy, sla.escalateToRole);
  const admins = members(policy, 'admin');
  const due: { review: ReviewRecord; remindAt: Date; escalateAt: Date }[] = [];
  for (const review of reviews) {
    plan.open.add(cycleKey(reviewCycle(review)));
    const created = new Date(review.createdAt);
    const remindAt = addBusinessDays(created, sla.remindAfterBusinessDays);
    const escalateAt = addBusinessDays(created, sla.escalateAfterBusinessDays);
    if (remindAt > at) wakeAt(plan, review.appId, remindAt.getTime());
    else {
      if (escalateAt > at) wakeAt(plan, review.appId, escalateAt.getTime());
      due.push({ review, remindAt, escalateAt });
    }
  }
  const separated = await separatedFrom(
    tx,
    policy,
    due.map((d) => d.review),
  );
  for (const { review, remindAt, escalateAt } of due) {
    const excluded = separated.get(review.id)!;
    const allowed = (refs: string[]) => uniqueRefs(refs.filter((r) => !excluded.has(r.trim().toLowerCase())));
    const escalation = allowed(fallback).length ? allowed(fallback) : allowed(admins);
    if (escalateAt <= at) {
      plan.stages.push({
        ...reviewCycle(review),
        stage: 'escalate',
        dueAt: escalateAt.toISOString(),
        recipients: escalation,
        escalateTo: [],
        final: true,
      });
    } else {
      const reviewers = allowed(remainingApprovals(review).flatMap((r) => members(policy, r.role)));
      plan.stages.push({
        ...reviewCycle(review),
        stage: 'remind',
        dueAt: remindAt.toISOString(),
        recipients: reviewers.length ? reviewers : allowed(admins),
        escalateTo: escalation,
        final: false,
      });
    }
  }
}

/** Open reviews planned at once (with their apps and revisions): few round trips, and never all of them in memory. */
const REVIEWS_PAGE = 1000;

function* pagesOf<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += REVIEWS_PAGE) yield items.slice(i, i + REVIEWS_PAGE);
}

/** Who may not decide each review (separation of duties), lower-cased, by review id: they are not asked to. */
async function separatedFrom(
  tx: Pick<RegistryTx, 'apps' | 'revisions'>,
  policy: Policy,
  reviews: ReviewRecord[],
): Promise<Map<string, Set<string>>> {
  const apps = await tx.apps.findMany(reviews.map((r) => r.appId));
  const revisions = await tx.revisions.findMany(reviews.map((r) => r.revisionId));
  const separated = new Map<string, Set<string>>();
  for (const review of reviews) {
    const revision = revisions.get(review.revisionId);
    const app = apps.get(review.appId);
    separated.set(
      review.id,
      separatedRefs(policy.separationOfDuties, {
        owner: revision?.manifest.owner ?? app?.owner,
        backupOwner: revision?.manifest.backupOwner ?? app?.backupOwner,
        submitter: revision?.submittedBy,
      }),
    );
  }
  return separated;
}

function reviewCycle(review: ReviewRecord) {
  return { appId: review.appId, obligation: 'review_deadline' as const, cycle: review.id };
}

async function planOwnerless(tx: Pick<RegistryTx, 'apps'>, policy: Policy, at: Date, plan: DuePlan): Promise<void> {
  const admins = members(policy, 'admin');
  for (const { app, deactivatedAt } of await tx.apps.ownerless(addDays(at, -EXPIRED_NOTICE_DAYS).toISOString())) {
    const base = { appId: app.id, obligation: 'ownerless' as const, cycle: deactivatedAt };
    plan.open.add(cycleKey(base));
    const retireAt = addDays(new Date(deactivatedAt), policy.timings.ownerless.claimDays);
    const backup = app.backupOwner ? [app.backupOwner] : [];
    if (retireAt <= at) {
      if (app.status !== 'decommissioned') plan.unclaimed.push(app);
      plan.stages.push({
        ...base,
        stage: 'unclaimed',
        dueAt: retireAt.toISOString(),
        recipients: uniqueRefs([...backup, ...admins]),
        escalateTo: [],
        final: true,
      });
    } else if (new Date(deactivatedAt) <= at) {
      plan.stages.push({
        ...base,
        stage: 'claim',
        dueAt: deactivatedAt,
        recipients: backup.length ? backup : admins,
        escalateTo: admins,
        final: false,
      });
    }
  }
}

async function planIncidents(
  tx: Pick<RegistryTx, 'apps' | 'incidents'>,
  policy: Policy,
  at: Date,
  plan: DuePlan,
): Promise<void> {
  const { escalateHours, rootCauseHours } = policy.timings.incident;
  const security = securityTeam(policy);
  for (const incident of await tx.incidents.open()) {
    const opened = Date.parse(incident.openedAt);
    const app = await tx.apps.find(incident.appId);
    if (!app) continue;
    const ack = { appId: app.id, obligation: 'incident_ack' as const, cycle: incident.id };
    const rca = { appId: app.id, obligation: 'incident_rca' as const, cycle: incident.id };
    plan.open.add(cycleKey(rca));
    if (!incident.acknowledgedAt) {
      plan.open.add(cycleKey(ack));
      const dueAt = new Date(opened + escalateHours * HOUR_MS);
      if (dueAt <= at)
        plan.stages.push({
          ...ack,
          stage: 'unacknowledged',
          dueAt: dueAt.toISOString(),
          recipients: security,
          escalateTo: [],
          final: true,
        });
    }
    const rcaDue = new Date(opened + rootCauseHours * HOUR_MS);
    if (rcaDue <= at) {
      plan.stages.push({
        ...rca,
        stage: 'rca_due',
        dueAt: rcaDue.toISOString(),
        recipients: uniqueRefs([app.owner, ...(app.backupOwner ? [app.backupOwner] : [])]),
        escalateTo: security,
        final: false,
      });
    }
  }
}
