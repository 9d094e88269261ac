import type { Actor } from '../domain/actor';
import type { Runtime } from '../runtime';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';

/** `microapp token issue <app>`: a new heartbeat token, printed once with how to use it; the one before stops working. */
export async function tokenIssue(io: CliIo, rt: Runtime, app: string): Promise<ExitCode> {
  const actor: Actor = { platform: 'cli', userId: io.user };
  const issued = await rt.core.issueAppToken(app, actor);
  const url = issued.heartbeatUrl.startsWith('/') ? `https://<the bot's address>${issued.heartbeatUrl}` : issued.heartbeatUrl;
  io.out(
    [
      `Heartbeat token for "${issued.app.name}" (shown only this once; store it in the app's secret store):`,
      '',
      `  ${issued.token}`,
      '',
      issued.replaced ? 'The previous token of this app no longer works.\n' : '',
      'The app reports use with:',
      `  curl -X POST -H "Authorization: Bearer $MICROAPP_TOKEN" ${url}`,
      `Add -d '{"sandbox": true}' -H "Content-Type: application/json" when the use was in a sandbox with test data.`,
      '',
    ].join('\n'),
  );
  return EXIT.ok;
}

/** `microapp token revoke <app>`: the app's heartbeat token stops working at once. */
export async function tokenRevoke(io: CliIo, rt: Runtime, app: string): Promise<ExitCode> {
  const { app: found, revoked } = await rt.core.revokeAppToken(app, { platform: 'cli', userId: io.user });
  io.out(revoked > 0 ? `Revoked the heartbeat token of "${found.name}": its heartbeats are refused from now on.\n` : `"${found.name}" has no active heartbeat token; nothing to revoke.\n`);
  return EXIT.ok;
}
