import type { Runtime } from '../runtime';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';
import { personLabel } from '../views/person-label';
import { plural } from '../views/wording';

/** `microapp people deactivate <email or user ref>`: someone has left; the next sweep asks their backup owners to take their apps over. */
export async function deactivatePerson(io: CliIo, rt: Runtime, who: string): Promise<ExitCode> {
  const person = await rt.core.deactivatePerson(who);
  if (!person) {
    io.err(
      `Nobody is known as ${who.slice(0, 100)}. Give their email address, or a user ref the bot has seen (like slack:U012AB3CD).\n`,
    );
    return EXIT.finding;
  }
  const keys = [...person.refs, ...(person.email ? [person.email] : [])];
  const owned = keys.length
    ? (await rt.core.listApps({ owners: keys, limit: 200 })).apps.filter((a) => a.status !== 'decommissioned')
    : [];
  io.out(
    `${personLabel(who, person)} is marked as gone. ${owned.length ? `Their ${plural(owned.length, 'app')} (${owned.map((a) => `"${a.name}"`).join(', ')}) now need a new owner: the next reminder sweep asks each backup owner (admins where there is none) to take over.` : 'They own no live apps.'}\n`,
  );
  return EXIT.ok;
}
