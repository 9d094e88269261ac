import type { Actor } from '../domain/actor';
import { isEmail } from '../domain/actor';
import { isAppError } from '../domain/errors';
import type { Runtime } from '../runtime';
import { exceptionGranted } from '../views/exception-answer';
import { day, zoneName } from '../views/wording';
import { personLabel } from '../views/person-label';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, UsageError } from './cli-io';

/** Who the CLI acts as: `--as` a user ref (`slack:U…`) or an email, else the operating-system user. */
export function cliActor(io: CliIo, as: string | undefined): Actor {
  if (!as) return { platform: 'cli', userId: io.user };
  if (isEmail(as)) return { platform: 'cli', userId: io.user, email: as };
  const ref = /^(slack|teams):(.+)$/.exec(as);
  if (!ref)
    throw new UsageError(`--as takes a user ref like slack:U012AB3CD or an email address (got "${as.slice(0, 60)}").`);
  return { platform: ref[1] as 'slack' | 'teams', userId: ref[2]! };
}

/** `microapp exception grant <app> <rule> --days N --controls "…" [--as <email or user ref>]`: the same grant as the chat command; the app by name, id or the start of its id. */
export async function grantException(
  io: CliIo,
  rt: Runtime,
  app: string,
  rule: string,
  options: { days?: string; controls?: string; as?: string },
): Promise<ExitCode> {
  if (!options.days || !options.controls)
    throw new UsageError(
      'Say for how long and what is done instead: microapp exception grant "Expense tracker" integration-needs-secret --days 7 --controls "the key is read-only and rotated daily"',
    );
  try {
    const found = await rt.core.resolveApp(app);
    const r = await rt.core.grantException(
      { app: found.id, rule, days: options.days, controls: options.controls },
      cliActor(io, options.as),
    );
    io.out(`${exceptionGranted(r)}\n`);
    return EXIT.ok;
  } catch (error) {
    if (!isAppError(error, 'input.invalid')) throw error;
    io.err(`The exception was not granted: ${(error.details.fieldErrors ?? []).map((e) => e.message).join(' ')}\n`);
    return EXIT.finding;
  }
}

/** `microapp exception list [--json]`: every exception in force, soonest to end first. */
export async function listExceptions(io: CliIo, rt: Runtime, json: boolean): Promise<ExitCode> {
  const all = await rt.core.activeExceptions();
  if (json) {
    io.out(
      `${JSON.stringify(
        all.map((e) => ({
          app: e.appName,
          rule: e.ruleId,
          grantedBy: e.grantedBy,
          grantedAt: e.grantedAt,
          expiresAt: e.expiresAt,
          controls: e.controls,
        })),
        null,
        2,
      )}\n`,
    );
    return EXIT.ok;
  }
  const people = await rt.directory.known(all.map((e) => e.grantedBy));
  const lines = all.map(
    (e) =>
      `"${e.appName}": ${e.ruleId} until ${day(e.expiresAt, rt.timeZone)}, granted by ${personLabel(e.grantedBy, people.get(e.grantedBy))}. Instead: ${e.controls}`,
  );
  io.out(
    lines.length ? `${lines.join('\n')}\nDates are in ${zoneName(rt.timeZone)}.\n` : 'No exceptions are in force.\n',
  );
  return EXIT.ok;
}
