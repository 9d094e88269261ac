import { randomUUID } from 'node:crypto';
import { SCHEDULER_ACTOR } from '../../domain/actor';
import type { DueStage, Reminder } from '../../domain/reminder';
import { URGENT, cycleKey, threadKey } from '../../domain/reminder';
import type { WorkingHours } from '../../domain/working-hours';
import { isTimeZone, isWorkingTime, nextWorkingTime, parseHours } from '../../domain/working-hours';
import type { Policy } from '../../policy/policy';
import { isoWeekday } from '../../policy/policy-schema';
import type { Clock } from '../../ports/clock';
import type { ChatPlatform, NewOutboundMessage } from '../../domain/outbound';
import type { RegistryTx, RegistryWith } from '../../ports/registry';
import type { RecipientProfile } from '../../ports/people';
import { addDays } from '../../domain/dates';
import { planDueWork } from './plan-due-work';
import { retireInactiveApp } from './retire-inactive-app';
import { revokeAppTokens } from '../activity/revoke-app-token';
import { endException } from '../exceptions/end-exception';
import type { PeopleDirectory } from '../../people/people-directory';
import { adminsForUnheldRoles } from '../registration/unheld-role-notices';

/** Inbound delivery keys are kept this long to spot redeliveries (platforms retry within minutes). */
const DELIVERY_KEEP_DAYS = 7;

/** One item of a digest, as the preview shows it. */
export interface DigestItem {
  app: string;
  appId: string;
  obligation: Reminder['obligation'];
  stage: string;
  dueAt: string;
}

/** One recipient's digest: sent now, or held until `sendAt` (their next working hour). */
export interface DigestPlan {
  recipient: string;
  platform?: string;
  sendAt: string;
  sent: boolean;
  items: DigestItem[];
}

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
 * One sweep of the scheduler, in one transaction: expires apps whose approval ran out, records the
 * newest due stage of every open cycle for each recipient (a stage is asked once; a recipient who
 * has had the policy's share of reminders is replaced by the next in line), and gives every
 * recipient inside their working hours one digest of everything waiting for them, queued in the
 * outbox in the same transaction. A crash rolls all of it back; nothing is lost or sent twice.
 * `dryRun` does all of it and rolls back, to show what would go out.
 */
export function createRunDueWork(deps: {
  registry: RegistryWith<keyof RegistryTx>;
  policy: () => Policy;
  clock: Clock;
  platforms?: readonly ChatPlatform[];
  /** Finds admins given by email, to tell them when an ending exception opens a review nobody can approve. */
  directory?: Pick<PeopleDirectory, 'lookup'>;
}) {
  return async (options: { at?: Date; dryRun?: boolean } = {}): Promise<SweepReport> => {
    const at = options.at ?? deps.clock.now();
    const admins = deps.directory
      ? await adminsForUnheldRoles({ ...deps, directory: deps.directory }, deps.policy())
      : [];
    try {
      return await deps.registry.transaction(async (tx) => {
        const report = await sweep(
          tx,
          deps.policy(),
          at,
          deps.clock.now().toISOString(),
          options.dryRun ?? false,
          deps.platforms ?? [],
          admins,
        );
        if (options.dryRun) throw new DryRun(report);
        return report;
      });
    } catch (error) {
      if (error instanceof DryRun) return error.report;
      throw error;
    }
  };
}

/** `at` is the moment the sweep acts as of (a rehearsal may name another); digests are queued to go out at `queuedAt`, now. */
async function sweep(
  tx: RegistryTx,
  policy: Policy,
  at: Date,
  queuedAt: string,
  dryRun: boolean,
  platforms: readonly ChatPlatform[],
  admins: readonly string[],
): Promise<SweepReport> {
  const iso = at.toISOString();
  const report: SweepReport = {
    at: iso,
    skipped: false,
    dryRun,
    digests: [],
    expired: [],
    retired: [],
    retiredInactive: [],
    cancelled: 0,
    superseded: 0,
  };
  if (!(await tx.sweepLock.take())) return { ...report, skipped: true };
  const plan = await planDueWork(tx, policy, at);
  for (const app of plan.expiring) {
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
  for (const app of plan.unclaimed) {
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
  for (const app of plan.inactive)
    if (await retireInactiveApp(tx, app, policy, iso)) report.retiredInactive.push(app.name);
  for (const e of plan.endingExceptions)
    await endException(tx, { clock: { now: () => at }, platforms, admins }, policy, e, SCHEDULER_ACTOR);
  await tx.reminders.add(await reminderRows(tx, policy, plan.stages, iso));

  const pending = await tx.reminders.pending('9999-12-31T23:59:59.999Z');
  const newest = new Map<string, Reminder>();
  for (const r of pending) {
    const current = newest.get(threadKey(r));
    if (!current || r.dueAt > current.dueAt) newest.set(threadKey(r), r);
  }
  const cancelled = pending.filter((r) => !plan.open.has(cycleKey(r)));
  const superseded = pending.filter((r) => plan.open.has(cycleKey(r)) && newest.get(threadKey(r))!.id !== r.id);
  await tx.reminders.mark(
    cancelled.map((r) => r.id),
    'cancelled',
  );
  await tx.reminders.mark(
    superseded.map((r) => r.id),
    'superseded',
  );
  report.cancelled = cancelled.length;
  report.superseded = superseded.length;

  const dropped = new Set([...cancelled, ...superseded].map((r) => r.id));
  const due = pending.filter((r) => !dropped.has(r.id) && r.sendAfter <= iso);
  const profiles = await tx.people.profiles([...new Set(due.map((r) => r.recipient))]);
  const groups = new Map<string, Reminder[]>();
  for (const r of due) {
    const key = profiles.get(r.recipient)?.personId ?? r.recipient.trim().toLowerCase();
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const appNames = await tx.apps.names([...new Set(due.map((r) => r.appId))]);
  const sentIn = new Map<string, string>();
  const digests: NewOutboundMessage[] = [];
  for (const items of groups.values()) {
    const recipient = items[0]!.recipient;
    const profile = profiles.get(recipient) ?? {};
    const hours = workingHoursOf(profile, policy);
    const sent = items.some((r) => URGENT.includes(r.obligation)) || isWorkingTime(at, hours);
    const digest: DigestPlan = {
      recipient,
      platform: profile.platform ?? platformOf(recipient),
      sendAt: sent ? iso : nextWorkingTime(at, hours).toISOString(),
      sent,
      items: items.map((r) => ({
        app: appNames.get(r.appId) ?? r.appId,
        appId: r.appId,
        obligation: r.obligation,
        stage: r.stage,
        dueAt: r.dueAt,
      })),
    };
    report.digests.push(digest);
    if (!sent) continue;
    const digestId = randomUUID();
    for (const r of items) sentIn.set(r.id, digestId);
    digests.push({
      recipient: { kind: 'person', ref: recipient },
      message: { view: 'reminder_digest', digestId },
      dedupeKey: `digest:${digestId}`,
    });
  }
  await tx.reminders.markSent(sentIn, iso);
  await tx.outbox.enqueue(digests, queuedAt);
  await tx.inbound.purge(addDays(at, -DELIVERY_KEEP_DAYS).toISOString());
  return report;
}

/** Rows for the due stages; a recipient at the policy's cap is replaced by whoever the stage escalates to, each of them capped alike. */
async function reminderRows(
  tx: Pick<RegistryTx, 'reminders'>,
  policy: Policy,
  stages: DueStage[],
  at: string,
): Promise<Reminder[]> {
  const cap = policy.timings.reminders.maxPerCycle;
  const sends = await tx.reminders.sendsByThread(stages.filter((s) => !s.final).map(cycleKey));
  const rows: Reminder[] = [];
  for (const stage of stages) {
    const row = (recipient: string, escalated: boolean): Reminder => ({
      id: randomUUID(),
      appId: stage.appId,
      obligation: stage.obligation,
      cycle: stage.cycle,
      stage: stage.stage,
      recipient,
      dueAt: stage.dueAt,
      sendAfter: stage.dueAt,
      state: 'pending',
      escalated,
      sends: 0,
      createdAt: at,
    });
    const capped = stage.recipients.filter(
      (r) => !stage.final && (sends.get(threadKey({ ...stage, recipient: r })) ?? 0) >= cap,
    );
    const recipients = stage.recipients.filter((r) => !capped.includes(r));
    rows.push(...recipients.map((r) => row(r, false)));
    const fresh = (r: string) =>
      !recipients.includes(r) && (sends.get(threadKey({ ...stage, recipient: r })) ?? 0) < cap;
    if (capped.length) rows.push(...stage.escalateTo.filter(fresh).map((r) => row(r, true)));
  }
  return rows;
}

/** The person's own working hours and time zone where known, else the policy's. */
export function workingHoursOf(profile: RecipientProfile, policy: Policy): WorkingHours {
  const r = policy.timings.reminders;
  const hours = parseHours(profile.workingHours) ?? parseHours(r.workingHours)!;
  return {
    ...hours,
    days: r.workingDays.map(isoWeekday),
    timeZone: isTimeZone(profile.timeZone) ? profile.timeZone : r.timeZone,
  };
}

function platformOf(recipient: string): string | undefined {
  const m = /^([a-z]+):/.exec(recipient);
  return m?.[1];
}
