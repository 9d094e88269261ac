import type { Actor } from '../domain/actor';
import type { Runtime } from '../runtime';
import { tokenIssued } from '../views/token-issued';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';

/** `microapp token issue <app>`: a new heartbeat token, printed once with how to use it; the one before stops working. */
export async function tokenIssue(io: CliIo, rt: Runtime, app: string): Promise<ExitCode> {
  const actor: Actor = { platform: 'cli', userId: io.user };
  const found = await rt.core.resolveApp(app);
  io.out(`${tokenIssued(await rt.core.issueAppToken(found.id, actor), (t) => `  ${t}`)}\n`);
  return EXIT.ok;
}

/** `microapp token revoke <app>`: the app's heartbeat token stops working at once. */
export async function tokenRevoke(io: CliIo, rt: Runtime, app: string): Promise<ExitCode> {
  const { app: found, revoked } = await rt.core.revokeAppToken((await rt.core.resolveApp(app)).id, {
    platform: 'cli',
    userId: io.user,
  });
  io.out(
    revoked > 0
      ? `Revoked the heartbeat token of "${found.name}": its heartbeats are refused from now on.\n`
      : `"${found.name}" has no active heartbeat token; nothing to revoke.\n`,
  );
  return EXIT.ok;
}
