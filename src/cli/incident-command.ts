import type { Actor } from '../domain/actor';
import { isAppError } from '../domain/errors';
import type { Runtime } from '../runtime';
import { incidentReported } from '../views/incident-answer';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';

/** `microapp incident <app> <what happened>`: the same report as the chat command; the running bot tells security. */
export async function reportIncident(io: CliIo, rt: Runtime, text: string): Promise<ExitCode> {
  const actor: Actor = { platform: 'cli', userId: io.user };
  let r;
  try {
    r = await rt.core.openIncident(text, actor);
  } catch (error) {
    if (!isAppError(error, 'input.invalid')) throw error;
    io.err(`The report was not recorded: ${(error.details.fieldErrors ?? []).map((e) => e.message).join(' ')}\n`);
    return EXIT.finding;
  }
  io.out(`${incidentReported(r.app.name, r.told, r.remindAfterHours)}\n`);
  return EXIT.ok;
}
