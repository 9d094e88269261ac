import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiScope, ApiTokenRecord } from '../../domain/api-token';
import { API_TOKEN_PREFIX } from '../../domain/api-token';
import type { CiIdentity, CiIdentityVerifier } from '../../ports/ci-identity';
import { sendProblem } from './problem';

/** Who is calling the API: an API token, or a CI job proving its repository with an identity token. */
export type ApiPrincipal =
  | { kind: 'token'; key: string; name: string; scopes: readonly ApiScope[] }
  | { kind: 'ci'; key: string; name: string; scopes: readonly ApiScope[]; identity: CiIdentity };

const HOW =
  'Send "Authorization: Bearer <token>": an API token (an admin issues one with microapp api-token issue --name NAME), or your CI job\'s OIDC identity token.';

/**
 * The caller of a request, or undefined once a 401 was sent (no token, a malformed, unknown,
 * revoked, expired, replayed or wrong-audience one: all say how to get a good one).
 */
export async function principalOf(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { authenticate: (token: string) => Promise<ApiTokenRecord | undefined>; ci?: CiIdentityVerifier },
): Promise<ApiPrincipal | undefined> {
  const token = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
  if (!token) return unauthorized(res, `No credentials. ${HOW}`);
  if (token.startsWith(API_TOKEN_PREFIX)) {
    const record = await deps.authenticate(token);
    if (!record)
      return unauthorized(
        res,
        'This API token is not valid: it is wrong or was revoked. Ask an admin for a new one.',
        'invalid_token',
      );
    return { kind: 'token', key: `token:${record.id}`, name: record.name, scopes: record.scopes };
  }
  const jwt = token.split('.').length === 3;
  if (jwt && !deps.ci)
    return unauthorized(
      res,
      'This bot does not accept CI identity tokens: its admin turns them on by setting CI_OIDC_AUDIENCE (see docs/api.md). Meanwhile use an API token (microapp api-token issue --name NAME --scopes gate).',
      'invalid_token',
    );
  if (deps.ci && jwt) {
    const verdict = await deps.ci.verify(token);
    if (!verdict.ok) return unauthorized(res, verdict.reason, 'invalid_token');
    const identity = verdict.identity;
    return {
      kind: 'ci',
      key: `ci:${identity.provider}:${identity.repository}`,
      name: `${identity.provider === 'github' ? 'GitHub Actions' : 'GitLab CI'} (${identity.repository})`,
      scopes: ['gate'],
      identity,
    };
  }
  return unauthorized(
    res,
    `This is not a microapp API token${deps.ci ? ' or a CI identity token' : ''}. ${HOW}`,
    'invalid_token',
  );
}

/** True when the principal may use `scope`; otherwise sends 403 and returns false. */
export function allowed(res: ServerResponse, principal: ApiPrincipal, scope: ApiScope): boolean {
  if (principal.scopes.includes(scope)) return true;
  sendProblem(res, 403, {
    code: 'forbidden',
    title: 'This token may not do that',
    detail: `"${principal.name}" has the scopes ${principal.scopes.join(', ')}; this call needs "${scope}". ${
      principal.kind === 'token'
        ? `Issue a token with it: microapp api-token issue --name NAME --scopes ${[...new Set([...principal.scopes, scope])].join(',')}.`
        : 'A CI identity token may only ask the gate; use an API token for anything else.'
    }`,
  });
  return false;
}

function unauthorized(res: ServerResponse, detail: string, error?: string): undefined {
  sendProblem(
    res,
    401,
    { code: 'unauthorized', title: 'Authentication required', detail },
    { 'www-authenticate': `Bearer realm="microapp"${error ? `, error="${error}"` : ''}` },
  );
  return undefined;
}
