import { parseScopes } from '../domain/api-token';
import type { Runtime } from '../runtime';
import { day, zoneName } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, UsageError } from './cli-io';

/** Scopes a token gets when none are named: read the registry and ask the gate, not register. */
const DEFAULT_SCOPES = 'read,gate';

/** `microapp api-token issue --name NAME [--scopes read,gate,register]`: prints the token once. */
export async function apiTokenIssue(
  io: CliIo,
  rt: Runtime,
  name: string | undefined,
  scopes?: string,
): Promise<ExitCode> {
  if (!name?.trim())
    throw new UsageError('Name the token after what will use it: microapp api-token issue --name "GitHub Actions"');
  const { record, token } = await rt.core.issueApiToken(name, parseScopes(scopes ?? DEFAULT_SCOPES), {
    platform: 'cli',
    userId: io.user,
  });
  io.out(
    `API token "${record.name}" (scopes: ${record.scopes.join(', ')}). It is shown only now; keep it in your CI's secret store:\n\n  ${token}\n\nSend it as "Authorization: Bearer <token>" to the bot's /api/v1, or: microapp gate --file microapp.yaml --server <bot URL> --token <token>\nRevoke it with: microapp api-token revoke "${record.name}"\n`,
  );
  return EXIT.ok;
}

/** `microapp api-token list [--json]`: every token's name, scopes and use, never the token. */
export async function apiTokenList(io: CliIo, rt: Runtime, json: boolean): Promise<ExitCode> {
  const tokens = await rt.core.listApiTokens();
  if (json) {
    const rows = tokens.map(({ hash: _hash, ...t }) => ({
      ...t,
      revokedAt: t.revokedAt ?? null,
      lastUsedAt: t.lastUsedAt ?? null,
    }));
    io.out(`${JSON.stringify(rows, null, 2)}\n`);
    return EXIT.ok;
  }
  if (!tokens.length) {
    io.out('No API tokens yet. Issue one with: microapp api-token issue --name "GitHub Actions" --scopes read,gate\n');
    return EXIT.ok;
  }
  for (const t of tokens)
    io.out(
      `"${t.name}" (${t.scopes.join(', ')}), issued ${day(t.createdAt, rt.timeZone)}${t.revokedAt ? `, revoked ${day(t.revokedAt, rt.timeZone)}` : t.lastUsedAt ? `, last used ${day(t.lastUsedAt, rt.timeZone)}` : ', never used'}\n`,
    );
  io.out(`Dates are in ${zoneName(rt.timeZone)}.\n`);
  return EXIT.ok;
}

/** `microapp api-token revoke <name or id>`. */
export async function apiTokenRevoke(io: CliIo, rt: Runtime, idOrName: string): Promise<ExitCode> {
  await rt.core.revokeApiToken(idOrName, { platform: 'cli', userId: io.user });
  io.out(`Revoked the API token "${idOrName}": calls with it are refused from now on.\n`);
  return EXIT.ok;
}
