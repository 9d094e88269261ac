import type { Actor } from '../domain/actor';
import type { Runtime } from '../runtime';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';

/**
 * `microapp dashboard link --as EMAIL`: a one-time sign-in link for that person, printed for an
 * administrator at the server to hand over (valid 15 minutes, works once). The link points at
 * PUBLIC_URL, else at http://localhost:PORT.
 */
export async function dashboardLink(io: CliIo, rt: Runtime, email: string): Promise<ExitCode> {
  const actor: Actor = { platform: 'cli', userId: io.user };
  const issued = await rt.core.issueSignInLink(actor, email);
  const known = (await rt.core.people.known([issued.email])).get(issued.email);
  io.out(
    [
      `Sign-in link for ${known?.displayName ? `${known.displayName} (${issued.email})` : issued.email}, valid for ${issued.validMinutes} minutes, works once:`,
      `  ${issued.url}`,
      ...(known
        ? []
        : [
            `${issued.email} is not in the people directory yet, so the dashboard will show only apps that name this email.`,
          ]),
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}
