import type { DigestItem, SweepReport } from '../app/sweep/run-due-work';
import type { Obligation } from '../domain/reminder';
import type { Runtime } from '../runtime';
import { calendarDaysBetween, plural, zonedMoment } from '../views/wording';
import { personLabel } from '../views/person-label';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, UsageError } from './cli-io';

const STAGE_WORDS: Record<string, string> = {
  expired: 'expired',
  remind: 'review waiting',
  escalate: 'review overdue, escalated',
  unacknowledged: 'nobody has taken it',
  rca_due: 'root-cause analysis due',
  claim: 'owner gone, needs a new owner',
  unclaimed: 'owner gone, unclaimed: decommissioned',
  due: 'purge to confirm',
  again: 'purge to confirm, asked again',
  ended: 'exception ended, the rule applies again',
  ask: 'not used lately: keep or retire?',
  retired: 'not used, not kept: decommissioned',
};

const OBLIGATION_WORDS: Record<Obligation, string> = {
  recertification: 're-certification',
  review_deadline: 'review deadline',
  incident_ack: 'incident',
  incident_rca: 'incident',
  ownerless: 'ownerless app',
  retention: 'data retention',
  test_data: 'test data purge',
  exception: 'policy exception',
  inactivity: 'inactive app',
};

/** `--at <ISO time>`, or now. */
export function parseAt(at: string | undefined): Date | undefined {
  if (at === undefined) return undefined;
  const date = new Date(at);
  if (!/^\d{4}-\d{2}-\d{2}/.test(at) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--at must be an ISO date and time, like 2027-03-01T09:00:00Z (got "${at.slice(0, 40)}").`);
  }
  return date;
}

/** `microapp reminders preview [--at <ISO time>] [--json]`: who would get what from a sweep at that time; nothing is sent or changed. */
export async function remindersPreview(io: CliIo, rt: Runtime, at: Date | undefined, json: boolean): Promise<ExitCode> {
  const report = await rt.core.runDueWork({ at, dryRun: true });
  if (json) {
    const digests = report.digests.map((d) => ({
      recipient: d.recipient,
      platform: d.platform ?? null,
      sendAt: d.sendAt,
      items: d.items.map((i) => ({ app: i.app, obligation: i.obligation, stage: i.stage, dueAt: i.dueAt })),
    }));
    io.out(JSON.stringify({ at: report.at, digests }, null, 2) + '\n');
    return EXIT.ok;
  }
  io.out(await describeReport(rt, report, 'would'));
  return EXIT.ok;
}

/** `microapp reminders run-once [--at <ISO time>]`: one real sweep; its digests wait in the outbox for the running bot to send. */
export async function remindersRunOnce(io: CliIo, rt: Runtime, at: Date | undefined): Promise<ExitCode> {
  const report = await rt.core.runDueWork({ at });
  if (report.skipped) {
    io.out('Another replica is sweeping right now, so this one did nothing. Try again in a minute.\n');
    return EXIT.ok;
  }
  io.out(
    `${await describeReport(rt, report, 'did')}The running bot sends queued digests (microapp deliveries shows what waits).\n`,
  );
  return EXIT.ok;
}

async function describeReport(rt: Runtime, report: SweepReport, mood: 'would' | 'did'): Promise<string> {
  const people = await rt.directory.known(report.digests.map((d) => d.recipient));
  const moment = (iso: string) => zonedMoment(iso, rt.timeZone);
  const when = moment(report.at);
  const lines: string[] = [];
  const now = report.digests.filter((d) => d.sent);
  const held = report.digests.length - now.length;
  const quoted = (list: string[]) => list.map((n) => `"${n}"`).join(', ');
  const expired = [
    report.expired.length ? `; ${mood === 'would' ? 'it would expire' : 'it expired'} ${quoted(report.expired)}` : '',
    report.retired.length
      ? `; ${mood === 'would' ? 'it would decommission' : 'it decommissioned'} ${quoted(report.retired)} (owner gone, unclaimed)`
      : '',
    report.retiredInactive.length
      ? `; ${mood === 'would' ? 'it would decommission' : 'it decommissioned'} ${quoted(report.retiredInactive)} (not used, not kept)`
      : '',
  ].join('');
  lines.push(
    `A sweep at ${when} ${mood === 'would' ? 'would send' : 'queued'} ${plural(now.length, 'digest')}${held ? `, and ${mood === 'would' ? 'would hold' : 'held'} ${held} until their working hours` : ''}${expired}.`,
  );
  for (const d of report.digests) {
    const whenSent = d.sent ? 'now' : `at ${moment(d.sendAt)} (their working hours)`;
    lines.push(
      `  ${personLabel(d.recipient, people.get(d.recipient))}${d.platform ? ` on ${d.platform === 'slack' ? 'Slack' : d.platform === 'teams' ? 'Teams' : d.platform}` : ''}, ${whenSent}:`,
    );
    for (const i of d.items)
      lines.push(
        `    - "${i.app}": ${OBLIGATION_WORDS[i.obligation]}, ${stageWords(i, report.at, rt.timeZone)} (due ${moment(i.dueAt)})`,
      );
  }
  if (report.digests.length === 0) lines.push('  Nobody has anything due.');
  return lines.join('\n') + '\n';
}

const DAY_MS = 86_400_000;

/**
 * What an item's stage means for its reader at the sweep's time: a countdown stage (`d14`, due 14
 * days before its deadline) says the calendar days really left in the zone the CLI shows times in,
 * since a sweep after the stage came due is nearer the deadline than the stage's number.
 */
function stageWords(item: DigestItem, at: string, timeZone = 'UTC'): string {
  const words = STAGE_WORDS[item.stage] ?? STAGE_WORDS[item.stage.replace(/\d+$/, '')];
  const countdown = /^d(\d+)$/.exec(item.stage);
  if (words || !countdown) return words ?? item.stage;
  const deadline = new Date(Date.parse(item.dueAt) + Number(countdown[1]) * DAY_MS).toISOString();
  const left = calendarDaysBetween(at, deadline, timeZone);
  return left > 0 ? `${plural(left, 'day')} left` : 'due today';
}
