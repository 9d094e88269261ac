import type { MessageRecords } from '../app/queries/read-message-records';
import type { OutboxRow, OutboxState } from '../ports/outbox';
import type { Runtime } from '../runtime';
import { personLabel } from '../views/person-label';
import { plural, zonedMoment } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, UsageError } from './cli-io';

/** A due row nobody has taken for this long means no delivery worker is running. */
const STALE_MS = 2 * 60 * 1000;

const STATES: Record<string, OutboxState[]> = { pending: ['pending', 'sending'], undeliverable: ['undeliverable'] };

const PLATFORM_NAMES: Record<string, string> = { slack: 'Slack', teams: 'Teams' };

/** `microapp deliveries [--status pending|undeliverable] [--json]`: what waits to go out or did not, for which app, to whom, and why. */
export async function deliveries(io: CliIo, rt: Runtime, status: string | undefined, json: boolean): Promise<ExitCode> {
  if (status !== undefined && !STATES[status]) throw new UsageError('--status must be pending or undeliverable.');
  const rows = await rt.core.deliveries(status ? STATES[status]! : ['pending', 'sending', 'undeliverable'], 200);
  const people = await rt.directory.known(
    rows.map((r) => (r.recipient.kind === 'person' ? r.recipient.ref : undefined)),
  );
  const described = await Promise.all(
    rows.map(async (r) => ({
      row: r,
      app: appOf(await rt.core.messageRecords(r.message)),
      to: r.recipient.kind === 'person' ? personLabel(r.recipient.ref, people.get(r.recipient.ref)) : recipientWords(r),
      why: whyWaiting(r, rt.clock.now(), rt.timeZone),
    })),
  );
  if (json) {
    io.out(
      JSON.stringify(
        described.map(({ row, app, to, why }) => ({
          id: row.id,
          state: row.state,
          app: app ?? null,
          recipient: row.recipient,
          to,
          message: row.message,
          attempts: row.attempts,
          dueAt: row.dueAt,
          why,
          lastError: row.lastError,
          fix: row.fix,
          createdAt: row.createdAt,
        })),
        null,
        2,
      ) + '\n',
    );
    return EXIT.ok;
  }
  if (rows.length === 0) {
    io.out(status === 'undeliverable' ? 'Nothing is undeliverable.\n' : 'Nothing waits to be delivered.\n');
    return EXIT.ok;
  }
  for (const { row, app, to, why } of described)
    io.out(
      `${zonedMoment(row.createdAt, rt.timeZone)}  ${messageWords(row)}${app ? ` about "${app}"` : ''} to ${to}: ${why} (${row.attempts === 0 ? 'not tried yet' : plural(row.attempts, 'attempt')})\n`,
    );
  return EXIT.ok;
}

/** The app (or apps) a message is about, as its records are now. */
function appOf(records: MessageRecords | undefined): string | undefined {
  if (!records) return undefined;
  switch (records.view) {
    case 'approval_card':
      return records.records.app.name;
    case 'risk_summary':
    case 'owner_status':
      return records.app.name;
    case 'notice':
      return records.app?.name;
    case 'reminder_digest':
      return [...records.digest.apps.values()].map((a) => a.name).join('", "') || undefined;
  }
}

function messageWords(r: OutboxRow): string {
  return r.message.view === 'notice'
    ? `notice (${r.message.notice.type.replace(/_/g, ' ')})`
    : r.message.view.replace(/_/g, ' ');
}

function recipientWords(r: OutboxRow): string {
  switch (r.recipient.kind) {
    case 'channel':
      return `${r.recipient.channel} on ${PLATFORM_NAMES[r.recipient.platform] ?? r.recipient.platform}`;
    case 'card_copies':
      return 'every posted copy of its card';
    case 'person':
      return personLabel(r.recipient.ref, undefined);
  }
}

/** Why a row has not gone out: given up (with the fix), retrying after an error, waiting for its time, or no worker taking it. */
export function whyWaiting(r: OutboxRow, now: Date, timeZone = 'UTC'): string {
  const moment = (iso: string) => zonedMoment(iso, timeZone);
  if (r.state === 'undeliverable')
    return `undeliverable: ${r.fix ?? `the platform refused it (${r.lastError ?? 'no reason given'})`}`;
  if (r.state === 'sending') return 'being sent now';
  if (r.state === 'done') return 'delivered';
  const due = Date.parse(r.dueAt);
  if (r.lastError === 'ratelimited') return `retrying after a rate limit, next at ${moment(r.dueAt)}`;
  if (r.lastError) return `retrying after an error (${r.lastError}), next at ${moment(r.dueAt)}`;
  if (due > now.getTime()) return `waiting until ${moment(r.dueAt)}`;
  if (now.getTime() - due > STALE_MS)
    return `pending since ${moment(r.dueAt)}: the bot is not running (no delivery worker has taken it)`;
  return 'due now; the running bot sends it in a moment';
}
