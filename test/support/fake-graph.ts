import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A user as Graph returns it with `$select=id,displayName,mail,userPrincipalName`. */
export interface FakeGraphUser {
  id: string;
  displayName: string;
  mail: string | null;
  userPrincipalName: string;
}

/** The tenant, app registration and secret the fake accepts. */
export const GRAPH_APP = {
  tenantId: '11111111-2222-4333-8444-555555555555',
  clientId: '66666666-7777-4888-9999-000000000000',
  clientSecret: 'fake-graph-client-secret',
} as const;

/** Groups the fake knows: object id → users, nested groups already flattened as transitiveMembers does. */
export const ENTRA_GROUPS: Record<string, FakeGraphUser[]> = {
  'aaaaaaaa-0000-4000-8000-000000000001': [
    {
      id: 'a1b2c3d4-0000-4000-8000-00000000000a',
      displayName: 'Rae Reviewer',
      mail: 'rae@example.com',
      userPrincipalName: 'rae@example.com',
    },
    {
      id: 'a1b2c3d4-0000-4000-8000-00000000000b',
      displayName: 'Tom Teams',
      mail: null,
      userPrincipalName: 'tom@example.com',
    },
    {
      id: 'a1b2c3d4-0000-4000-8000-00000000000c',
      displayName: 'Una Nested',
      mail: 'una@example.com',
      userPrincipalName: 'una@example.com',
    },
  ],
};

/**
 * A small local stand-in for the Microsoft identity platform's token endpoint and Microsoft Graph's
 * `GET /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user`, two users a page linked by
 * `@odata.nextLink`, with Graph's error shapes: 401 `invalid_client` for a wrong secret, 403
 * `Authorization_RequestDenied` for a forbidden group, 404 `Request_ResourceNotFound`, and 429 with
 * Retry-After when asked to throttle.
 */
export async function startFakeGraph(
  options: { pageSize?: number; expiresIn?: number; groups?: Record<string, FakeGraphUser[]> } = {},
) {
  const pageSize = options.pageSize ?? 2;
  const groups = { ...ENTRA_GROUPS, ...options.groups };
  const tokens = new Set<string>();
  const requests: { method: string; path: string; auth?: string; at: number }[] = [];
  const forbidden = new Set<string>();
  let throttle: { times: number; retryAfter: string } | undefined;
  let issued = 0;
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = await readAll(req);
    requests.push({
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      auth: req.headers.authorization,
      at: Date.now(),
    });
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(url.pathname);
    if (token && req.method === 'POST') {
      const form = new URLSearchParams(body);
      if (token[1] !== GRAPH_APP.tenantId)
        return json(400, {
          error: 'invalid_request',
          error_description: `AADSTS90002: Tenant '${token[1]}' not found. Trace ID: 0`,
        });
      if (form.get('grant_type') !== 'client_credentials' || !form.get('scope')?.endsWith('/.default'))
        return json(400, {
          error: 'invalid_request',
          error_description: 'AADSTS900144: The request body must contain grant_type and scope.',
        });
      if (form.get('client_id') !== GRAPH_APP.clientId || form.get('client_secret') !== GRAPH_APP.clientSecret)
        return json(401, {
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided. Trace ID: 1 Correlation ID: 2',
        });
      const value = `fake-graph-token-${++issued}`;
      tokens.add(value);
      return json(200, {
        token_type: 'Bearer',
        expires_in: options.expiresIn ?? 3599,
        ext_expires_in: 3599,
        access_token: value,
      });
    }
    const members = /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/.exec(url.pathname);
    if (members && req.method === 'GET') {
      if (!tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, '')))
        return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token is empty.' } });
      if (throttle && throttle.times > 0) {
        throttle.times -= 1;
        return json(
          429,
          { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
          { 'retry-after': throttle.retryAfter },
        );
      }
      const id = decodeURIComponent(members[1]!);
      if (forbidden.has(id))
        return json(403, {
          error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' },
        });
      const users = groups[id];
      if (!users)
        return json(404, {
          error: {
            code: 'Request_ResourceNotFound',
            message: `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
          },
        });
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const page = users.slice(skip, skip + pageSize);
      const next = new URL(url.toString().replace('http://fake', base()));
      next.searchParams.set('$skiptoken', String(skip + pageSize));
      return json(200, {
        '@odata.context': `${base()}/v1.0/$metadata#users(id,displayName,mail,userPrincipalName)`,
        value: page,
        ...(skip + pageSize < users.length && { '@odata.nextLink': next.toString() }),
      });
    }
    json(404, { error: { code: 'BadRequest', message: `No fake for ${req.method} ${url.pathname}` } });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** Both GRAPH_API_URL and MICROSOFT_LOGIN_URL. */
    url: base(),
    requests,
    /** Token requests made so far. */
    tokenRequests: () => requests.filter((r) => r.path.includes('/oauth2/v2.0/token')).length,
    /** The next `times` member reads answer 429 with this Retry-After (seconds). */
    throttle: (times: number, retryAfter = '1') => {
      throttle = { times, retryAfter };
    },
    /** Reads of this group answer 403 Authorization_RequestDenied, as without GroupMember.Read.All. */
    forbid: (groupId: string) => forbidden.add(groupId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The fake's handle. */
export type FakeGraph = Awaited<ReturnType<typeof startFakeGraph>>;

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
