import { randomUUID } from 'node:crypto';
import { SCHEDULER_ACTOR } from '../../domain/actor';
import { addDays } from '../../domain/dates';
import type { ChatPlatform, NewOutboundMessage } from '../../domain/outbound';
import type { PeopleDirectory } from '../../people/people-directory';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { RegistryTx, RegistryWith } from '../../ports/registry';
import { revokeAppTokens } from '../activity/revoke-app-token';
import { endException } from '../exceptions/end-exception';
import { adminsForUnheldRoles } from '../registration/unheld-role-notices';
import { mergePlans } from './due-plan';
import type { DigestPlan, DueWork } from './due-work';
import { findDueWork, isIdle } from './due-work';
import { planDueWork } from './plan-due-work';
import { retireInactiveApp } from './retire-inactive-app';
import type { SweepWatermark } from './sweep-watermark';
import { CHANGE_MARGIN_MS, createSweepWatermark, planInScope } from './sweep-watermark';

/** Inbound delivery keys are kept this long to spot redeliveries (platforms retry within minutes). */
const DELIVERY_KEEP_DAYS = 7;

export type { DigestItem, DigestPlan } from './due-work';
export { workingHoursOf } from './due-work';

/** What a sweep did (or, dry, would do). */
export interface SweepReport {
  at: string;
  /** True when another replica was sweeping, so this one did nothing. */
  skipped: boolean;
  /** True for a preview: nothing was changed or sent. */
  dryRun: boolean;
  digests: DigestPlan[];
  /** Names of the apps that expired in this sweep. */
  expired: string[];
  /** Names of the apps decommissioned because nobody claimed them after their owner left. */
  retired: string[];
  /** Names of the apps decommissioned because nobody used or kept them. */
  retiredInactive: string[];
  cancelled: number;
  superseded: number;
}

class DryRun extends Error {
  constructor(readonly report: SweepReport) {
    super('dry run');
  }
}

/**
 * One sweep of the scheduler: expires apps whose approval ran out, records the newest due stage of
 * every open cycle for each recipient (a stage is asked once; a recipient who has had the policy's
 * share of reminders is replaced by the next in line), and gives every recipient inside their
 * working hours one digest of everything waiting for them, queued in the outbox in the same
 * transaction. It plans while reading, without the write lock, and only what can have become due
 * since its last plan (see `SweepWatermark`); when that needs no change it writes nothing. Else it
 * takes the sweep lock, re-plans the apps changed since it read, and writes it all in one
 * transaction: a crash rolls all of it back; nothing is lost or sent twice. `dryRun` plans every
 * app, does all of it and rolls back, to show what would go out.
 */
export function createRunDueWork(deps: {
  registry: RegistryWith<keyof RegistryTx>;
  policy: () => Policy;
  clock: Clock;
  platforms?: readonly ChatPlatform[];
  /** Finds admins given by email, to tell them when an ending exception opens a review nobody can approve. */
  directory?: Pick<PeopleDirectory, 'lookup'>;
  /** How far this process has planned; a fresh one plans every app first. */
  watermark?: SweepWatermark;
}) {
  const watermark = deps.watermark ?? createSweepWatermark();
  return async (options: { at?: Date; dryRun?: boolean } = {}): Promise<SweepReport> => {
    const at = options.at ?? deps.clock.now();
    const policy = deps.policy();
    const admins = deps.directory ? await adminsForUnheldRoles({ ...deps, directory: deps.directory }, policy) : [];
    const write = (tx: RegistryTx, work: DueWork, dryRun: boolean) =>
      applyWork(tx, policy, at, deps.clock.now().toISOString(), work, {
        dryRun,
        platforms: deps.platforms ?? [],
        admins,
      });
    if (options.dryRun) {
      try {
        return await deps.registry.transaction(async (tx) => {
          if (!(await tx.sweepLock.take())) return emptyReport(at, true, true);
          const plan = await planDueWork(tx, policy, at);
          throw new DryRun(await write(tx, await findDueWork(tx, policy, plan, at), true));
        });
      } catch (error) {
        if (error instanceof DryRun) return error.report;
        throw error;
      }
    }
    const scope = watermark.scopeAt(at, policy);
    const readAt = deps.clock.now();
    const read = await deps.registry.read(async (tx) => {
      const plan = await planInScope(tx, policy, at, scope);
      if (scope.full) return { plan };
      const work = await findDueWork(tx, policy, plan, at);
      return { plan, idle: isIdle(work) ? work.digests.map(digestOnly) : undefined };
    });
    if (read.idle) {
      watermark.advance(at, policy, scope, read.plan);
      return { ...emptyReport(at, false), digests: read.idle };
    }
    let plan = read.plan;
    const report = await deps.registry.transaction(async (tx) => {
      if (!(await tx.sweepLock.take())) return emptyReport(at, false, true);
      const since = new Date(readAt.getTime() - CHANGE_MARGIN_MS).toISOString();
      const late = await tx.sweepChanges.changedApps(since, policy.timings.reminders.maxPerCycle);
      if (late.size) plan = mergePlans(plan, await planDueWork(tx, policy, at, late));
      return write(tx, await findDueWork(tx, policy, plan, at), false);
    });
    if (!report.skipped) watermark.advance(at, policy, scope, plan);
    return report;
  };
}

function emptyReport(at: Date, dryRun: boolean, skipped = false): SweepReport {
  return {
    at: at.toISOString(),
    skipped,
    dryRun,
    digests: [],
    expired: [],
    retired: [],
    retiredInactive: [],
    cancelled: 0,
    superseded: 0,
  };
}

function digestOnly({ reminders: _, ...digest }: DueWork['digests'][number]): DigestPlan {
  return digest;
}

/** Writes `work` at `at`; digests are queued to go out at `queuedAt`, now. */
async function applyWork(
  tx: RegistryTx,
  policy: Policy,
  at: Date,
  queuedAt: string,
  work: DueWork,
  options: { dryRun: boolean; platforms: readonly ChatPlatform[]; admins: readonly string[] },
): Promise<SweepReport> {
  const iso = at.toISOString();
  const report = emptyReport(at, options.dryRun);
  for (const app of work.expiring) {
    if (!(await tx.apps.expire(app.id, app.expiresAt!, iso))) continue;
    report.expired.push(app.name);
    await tx.audit.append(
      [
        {
          actor: SCHEDULER_ACTOR,
          action: 'app.expired',
          targetType: 'app',
          targetId: app.id,
          outcome: 'success',
          policyVersion: policy.version,
          details: { expiresAt: app.expiresAt! },
        },
      ],
      iso,
    );
  }
  for (const app of work.unclaimed) {
    if (!(await tx.apps.retireOwnerless(app.id, app.owner, iso))) continue;
    report.retired.push(app.name);
    await tx.audit.append(
      [
        {
          actor: SCHEDULER_ACTOR,
          action: 'app.decommissioned',
          targetType: 'app',
          targetId: app.id,
          outcome: 'success',
          reason: 'owner left and nobody claimed the app',
          policyVersion: policy.version,
          details: { owner: app.owner },
        },
      ],
      iso,
    );
    await revokeAppTokens(tx, app, SCHEDULER_ACTOR, iso, policy, 'the app was decommissioned');
  }
  for (const app of work.inactive)
    if (await retireInactiveApp(tx, app, policy, iso)) report.retiredInactive.push(app.name);
  for (const e of work.endingExceptions)
    await endException(
      tx,
      { clock: { now: () => at }, platforms: options.platforms, admins: options.admins },
      policy,
      e,
      SCHEDULER_ACTOR,
    );
  await tx.reminders.add(work.added);
  await tx.reminders.mark(
    work.cancelled.map((r) => r.id),
    'cancelled',
  );
  await tx.reminders.mark(
    work.superseded.map((r) => r.id),
    'superseded',
  );
  report.cancelled = work.cancelled.length;
  report.superseded = work.superseded.length;

  const sentIn = new Map<string, string>();
  const digests: NewOutboundMessage[] = [];
  for (const digest of work.digests) {
    report.digests.push(digestOnly(digest));
    if (!digest.sent) continue;
    const digestId = randomUUID();
    for (const r of digest.reminders) sentIn.set(r.id, digestId);
    digests.push({
      recipient: { kind: 'person', ref: digest.recipient },
      message: { view: 'reminder_digest', digestId },
      dedupeKey: `digest:${digestId}`,
    });
  }
  await tx.reminders.markSent(sentIn, iso);
  await tx.outbox.enqueue(digests, queuedAt);
  await tx.inbound.purge(addDays(at, -DELIVERY_KEEP_DAYS).toISOString());
  return report;
}
