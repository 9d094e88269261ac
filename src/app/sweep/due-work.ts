import { randomUUID } from 'node:crypto';
import type { AppRecord } from '../../domain/app-record';
import type { PolicyException } from '../../domain/policy-exception';
import type { DueStage, Reminder } from '../../domain/reminder';
import { URGENT, cycleKey, threadKey } from '../../domain/reminder';
import type { WorkingHours } from '../../domain/working-hours';
import { isTimeZone, isWorkingTime, nextWorkingTime, parseHours } from '../../domain/working-hours';
import type { Policy } from '../../policy/policy';
import { isoWeekday } from '../../policy/policy-schema';
import type { RecipientProfile } from '../../ports/people';
import type { RegistryTx } from '../../ports/registry';
import type { DuePlan } from './due-plan';
import { planCovers } from './due-plan';

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

/** What a sweep has to write at one moment, worked out from a plan and the reminders recorded so far. */
export interface DueWork {
  /** Approved apps whose approval has run out, to mark expired. */
  expiring: AppRecord[];
  /** Apps nobody claimed after their owner left, to decommission. */
  unclaimed: AppRecord[];
  /** Apps nobody used or kept after being asked, to decommission. */
  inactive: AppRecord[];
  /** Exceptions that have run out, to end. */
  endingExceptions: PolicyException[];
  /** Reminders not asked of anyone yet, to record as pending. */
  added: Reminder[];
  /** Pending reminders whose cycle has closed. */
  cancelled: Reminder[];
  /** Pending reminders a newer stage of the same thread replaces. */
  superseded: Reminder[];
  /** Each recipient's digest of the reminders due, with the reminders it carries (sent now, or held). */
  digests: (DigestPlan & { reminders: Reminder[] })[];
}

/** True when the work changes nothing: no digest to send now and nothing to record. */
export function isIdle(work: DueWork): boolean {
  return (
    work.expiring.length + work.unclaimed.length + work.inactive.length + work.endingExceptions.length === 0 &&
    work.added.length + work.cancelled.length + work.superseded.length === 0 &&
    !work.digests.some((d) => d.sent)
  );
}

/**
 * Works out, reading only, what a sweep at `at` writes for `plan`: the stages' reminders not yet
 * recorded (a recipient at the policy's cap replaced by whoever the stage escalates to), pending
 * reminders of the cycles the plan covers that have closed or been overtaken, and one digest per
 * person of what is due (held until their working hours unless urgent).
 */
export async function findDueWork(
  tx: Pick<RegistryTx, 'apps' | 'people' | 'reminders'>,
  policy: Policy,
  plan: DuePlan,
  at: Date,
): Promise<DueWork> {
  const iso = at.toISOString();
  const rows = await reminderRows(tx, policy, plan.stages, iso);
  const recorded = await tx.reminders.recordedStages([...new Set(rows.map(cycleKey))]);
  const seen = new Set<string>();
  const added = rows.filter((r) => {
    const key = `${cycleKey(r)}|${r.stage}|${r.recipient}`;
    if (recorded.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const pending = [...(await tx.reminders.pending('9999-12-31T23:59:59.999Z')), ...added].sort(byDueAt);
  const newest = new Map<string, Reminder>();
  for (const r of pending) {
    const current = newest.get(threadKey(r));
    if (!current || r.dueAt > current.dueAt) newest.set(threadKey(r), r);
  }
  const open = (r: Reminder) => !planCovers(plan, r.appId, r.obligation) || plan.open.has(cycleKey(r));
  const cancelled = pending.filter((r) => !open(r));
  const superseded = pending.filter((r) => open(r) && newest.get(threadKey(r))!.id !== r.id);
  const dropped = new Set([...cancelled, ...superseded].map((r) => r.id));
  const due = pending.filter((r) => !dropped.has(r.id) && r.sendAfter <= iso);
  return {
    expiring: plan.expiring,
    unclaimed: plan.unclaimed,
    inactive: plan.inactive,
    endingExceptions: plan.endingExceptions,
    added,
    cancelled,
    superseded,
    digests: await digestsOf(tx, policy, due, at),
  };
}

/** Oldest first, as the ledger lists them. */
function byDueAt(a: Reminder, b: Reminder): number {
  if (a.dueAt !== b.dueAt) return a.dueAt < b.dueAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

async function digestsOf(
  tx: Pick<RegistryTx, 'apps' | 'people'>,
  policy: Policy,
  due: Reminder[],
  at: Date,
): Promise<DueWork['digests']> {
  const profiles = await tx.people.profiles([...new Set(due.map((r) => r.recipient))]);
  const groups = new Map<string, Reminder[]>();
  for (const r of due) {
    const key = profiles.get(r.recipient)?.personId ?? r.recipient.trim().toLowerCase();
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const appNames = await tx.apps.names([...new Set(due.map((r) => r.appId))]);
  return [...groups.values()].map((items) => {
    const recipient = items[0]!.recipient;
    const profile = profiles.get(recipient) ?? {};
    const hours = workingHoursOf(profile, policy);
    const sent = items.some((r) => URGENT.includes(r.obligation)) || isWorkingTime(at, hours);
    return {
      recipient,
      platform: profile.platform ?? platformOf(recipient),
      sendAt: sent ? at.toISOString() : nextWorkingTime(at, hours).toISOString(),
      sent,
      items: items.map((r) => ({
        app: appNames.get(r.appId) ?? r.appId,
        appId: r.appId,
        obligation: r.obligation,
        stage: r.stage,
        dueAt: r.dueAt,
      })),
      reminders: items,
    };
  });
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
