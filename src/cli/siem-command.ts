import type { SiemHold } from '../app/audit/skip-siem-event';
import type { Runtime } from '../runtime';
import { zonedMoment } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, UsageError } from './cli-io';
import { cliActor } from './exception-command';

/**
 * `microapp siem skip SINK [--event N]`: without `--event`, shows the audit event a failing sink is
 * held at and why (exit 1); with the number of that event, moves the sink past it, audited.
 */
export async function siemSkip(
  io: CliIo,
  rt: Runtime,
  sink: string,
  options: { event?: string; as?: string },
): Promise<ExitCode> {
  const event = options.event === undefined ? undefined : Number(options.event);
  if (event !== undefined && !(/^\d{1,15}$/.test(options.event!) && event > 0))
    throw new UsageError(
      `--event takes the number of the event the sink is held at, like 1205 (got "${String(options.event).slice(0, 40)}"): run microapp siem skip ${sink} to see it.`,
    );
  const hold = await rt.core.skipSiemEvent(sink, cliActor(io, options.as), event);
  const what = eventLine(hold, rt.timeZone);
  if (hold.skipped) {
    io.out(
      `Skipped audit event ${what} for the ${sink} sink, which goes on from the next event. The skip is in the audit log (siem.event_skipped); the event itself stays there.\n`,
    );
    return EXIT.ok;
  }
  io.out(
    [
      `The ${sink} sink is held at audit event ${what}.`,
      `Its last try failed at ${zonedMoment(hold.lastErrorAt, rt.timeZone)}: ${hold.lastError}`,
      'Fix the collector so it takes the event (the bot sends it again by itself), or skip the event for this sink:',
      `  microapp siem skip ${sink} --event ${hold.event.seq}`,
      'A skipped event stays in the audit log, and microapp audit export still writes it.',
      '',
    ].join('\n'),
  );
  return EXIT.finding;
}

function eventLine(hold: SiemHold, timeZone: string | undefined): string {
  const e = hold.event;
  return `${e.seq} (${e.action}, ${e.targetType} ${e.targetId}, ${zonedMoment(e.at, timeZone)})`;
}
