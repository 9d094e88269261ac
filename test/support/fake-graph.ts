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

/** The Power Platform admin's sign-in the fake accepts at the token endpoint (grant_type=refresh_token). */
export const POWER_PLATFORM_SIGN_IN = {
  refreshToken: '0.AAAA-fake-power-platform-admin-refresh-token',
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
 * A Teams catalog app as `GET /v1.0/appCatalogs/teamsApps?$expand=appDefinitions($expand=bot)` returns
 * it: one definition, created by `creator`, with a bot when `bot` is set.
 */
export function fakeTeamsApp(
  id: string,
  displayName: string,
  options: {
    creator?: { id: string; displayName: string };
    bot?: boolean;
    publishingState?: 'published' | 'submitted' | 'rejected';
    distributionMethod?: 'organization' | 'store' | 'sideloaded';
    lastModifiedDateTime?: string;
  } = {},
) {
  return {
    id,
    externalId: `${id.slice(0, 8)}-manifest-id`,
    displayName,
    distributionMethod: options.distributionMethod ?? 'organization',
    appDefinitions: [
      {
        id: `${id}-def-1`,
        teamsAppId: id,
        azureADAppId: null,
        displayName,
        version: '1.0.0',
        authorization: { requiredPermissionSet: { resourceSpecificPermissions: [] } },
        publishingState: options.publishingState ?? 'published',
        shortdescription: 'A custom app.',
        description: 'A custom app built in the tenant.',
        lastModifiedDateTime: options.lastModifiedDateTime ?? '2026-11-02T09:30:00Z',
        createdBy: options.creator
          ? {
              application: null,
              device: null,
              conversation: null,
              user: { id: options.creator.id, displayName: options.creator.displayName, userIdentityType: 'aadUser' },
            }
          : null,
        bot: options.bot ? { id: `${id}-bot` } : null,
      },
    ],
  };
}

/** An app registration as `GET /v1.0/applications?$expand=owners(...)` returns it (trimmed to what discovery reads and a little more). */
export function fakeApplication(
  id: string,
  displayName: string,
  options: {
    owners?: FakeGraphUser[];
    createdDateTime?: string;
    requiredResourceAccess?: { resourceAppId: string; resourceAccess: { id: string; type: 'Role' | 'Scope' }[] }[];
  } = {},
) {
  return {
    id,
    deletedDateTime: null,
    appId: `${id.slice(0, 8)}-appid`,
    createdDateTime: options.createdDateTime ?? '2026-10-01T08:00:00Z',
    displayName,
    publisherDomain: 'contoso.onmicrosoft.com',
    signInAudience: 'AzureADMyOrg',
    keyCredentials: [],
    passwordCredentials: [],
    requiredResourceAccess: options.requiredResourceAccess ?? [],
    owners: (options.owners ?? []).map((o) => ({ '@odata.type': '#microsoft.graph.user', ...o })),
  };
}

/**
 * A row of the Power Platform inventory's PowerPlatformResources table, shaped after the fields in
 * https://learn.microsoft.com/power-platform/admin/inventory-schema (name, type, location, and
 * `properties` with displayName, createdAt, createdBy, ownerId, environmentId, lastModifiedAt).
 */
export function fakeInventoryResource(
  type: string,
  name: string,
  displayName: string,
  options: { createdBy?: string; ownerId?: string; createdAt?: string; lastModifiedAt?: string } = {},
) {
  return {
    id: `/providers/${type}/${name}`,
    name,
    type,
    tenantId: GRAPH_APP.tenantId,
    location: 'europe',
    properties: {
      displayName,
      createdAt: options.createdAt ?? '2026-09-14T08:00:00Z',
      ...(options.createdBy && { createdBy: options.createdBy }),
      ...(options.ownerId && { ownerId: options.ownerId }),
      environmentId: 'Default-11111111-2222-4333-8444-555555555555',
      ...(options.lastModifiedAt && { lastModifiedAt: options.lastModifiedAt }),
    },
  };
}

/**
 * A small local stand-in for the Microsoft identity platform's token endpoint and Microsoft Graph,
 * with Graph's error shapes: 401 `invalid_client` for a wrong secret, 403
 * `Authorization_RequestDenied` for a forbidden group or path, 404 `Request_ResourceNotFound`, and
 * 429 with Retry-After when asked to throttle. Collections are two items a page linked by an absolute
 * `@odata.nextLink`.
 *
 * - `GET /v1.0/groups/{id}/transitiveMembers/microsoft.graph.user`
 *   (https://learn.microsoft.com/en-us/graph/api/group-list-transitivemembers)
 * - `GET /v1.0/appCatalogs/teamsApps?$filter=distributionMethod eq 'organization'&$expand=appDefinitions($expand=bot)`:
 *   teamsApp and teamsAppDefinition shapes (publishingState, createdBy.user, bot) from
 *   https://learn.microsoft.com/en-us/graph/api/appcatalogs-list-teamsapps and
 *   https://learn.microsoft.com/en-us/graph/api/resources/teamsappdefinition
 * - `GET /v1.0/applications?$expand=owners(...)`: application shape (createdDateTime,
 *   requiredResourceAccess, owners as directoryObjects with `@odata.type`) from
 *   https://learn.microsoft.com/en-us/graph/api/application-list and
 *   https://learn.microsoft.com/en-us/graph/api/application-list-owners
 * - `GET /v1.0/users/{id}?$select=mail,userPrincipalName`
 *   (https://learn.microsoft.com/en-us/graph/api/user-get)
 * - the Power Platform inventory, `POST /resourcequery/resources/query?api-version=2024-10-01`: the
 *   request body (TableName, Clauses with a `where type in~` clause, Options.Top and SkipToken) and
 *   the answer (totalRecords, count, resultTruncated, skipToken, data) from
 *   https://learn.microsoft.com/power-platform/admin/inventory-api. As documented there, an app-only
 *   (client credentials) token gets 403; a token redeemed from {@link POWER_PLATFORM_SIGN_IN}'s
 *   refresh token is answered, and each redemption hands out a new refresh token (the old one stays
 *   valid, as the identity platform does). The docs show no error body; the fake answers
 *   `{ error: { code, message } }`. A page holds `min(Top, pageSize)` rows.
 */
export async function startFakeGraph(
  options: {
    pageSize?: number;
    expiresIn?: number;
    groups?: Record<string, FakeGraphUser[]>;
    teamsApps?: ReturnType<typeof fakeTeamsApp>[];
    inventory?: ReturnType<typeof fakeInventoryResource>[];
    applications?: ReturnType<typeof fakeApplication>[];
    users?: FakeGraphUser[];
    /** Collections' `@odata.nextLink` use this base instead of the fake's own address (a misbehaving proxy). */
    nextLinkBase?: string;
  } = {},
) {
  const pageSize = options.pageSize ?? 2;
  const groups = { ...ENTRA_GROUPS, ...options.groups };
  const users = new Map([...Object.values(groups).flat(), ...(options.users ?? [])].map((u) => [u.id, u] as const));
  const tokens = new Set<string>();
  const userTokens = new Set<string>();
  const refreshTokens = new Set<string>([POWER_PLATFORM_SIGN_IN.refreshToken]);
  const inventoryQueries: Record<string, unknown>[] = [];
  const requests: { method: string; path: string; auth?: string; at: number }[] = [];
  const forbidden = new Set<string>();
  const forbiddenPaths = new Set<string>();
  let garbage = 0;
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
      if (form.get('grant_type') === 'refresh_token') {
        if (form.get('client_id') !== GRAPH_APP.clientId || form.get('client_secret') !== GRAPH_APP.clientSecret)
          return json(401, {
            error: 'invalid_client',
            error_description: 'AADSTS7000215: Invalid client secret provided. Trace ID: 1 Correlation ID: 2',
          });
        if (!refreshTokens.has(form.get('refresh_token') ?? ''))
          return json(400, {
            error: 'invalid_grant',
            error_description:
              'AADSTS700082: The refresh token has expired due to inactivity. Trace ID: 3 Correlation ID: 4',
          });
        if (!/^\S+\/\.default offline_access$/.test(form.get('scope') ?? ''))
          return json(400, {
            error: 'invalid_scope',
            error_description: 'AADSTS70011: The provided scope is not valid.',
          });
        const value = `fake-user-token-${++issued}`;
        const rotated = `${POWER_PLATFORM_SIGN_IN.refreshToken}-${issued}`;
        tokens.add(value);
        userTokens.add(value);
        refreshTokens.add(rotated);
        return json(200, {
          token_type: 'Bearer',
          scope: form.get('scope'),
          expires_in: options.expiresIn ?? 3599,
          access_token: value,
          refresh_token: rotated,
        });
      }
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
    if (url.pathname === '/resourcequery/resources/query' && req.method === 'POST') {
      const auth = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!tokens.has(auth))
        return json(401, { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } });
      if (url.searchParams.get('api-version') !== '2024-10-01')
        return json(400, {
          error: { code: 'InvalidApiVersion', message: 'The api-version query parameter is required.' },
        });
      if (!userTokens.has(auth) || forbiddenPaths.has('/resourcequery/'))
        return json(403, {
          error: { code: 'Forbidden', message: 'The caller is not authorized to query Power Platform resources.' },
        });
      if (throttle && throttle.times > 0) {
        throttle.times -= 1;
        return json(
          429,
          { error: { code: 'TooManyRequests', message: 'Too many requests.' } },
          { 'retry-after': throttle.retryAfter },
        );
      }
      if (garbage > 0) {
        garbage -= 1;
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>');
      }
      let query: {
        TableName?: string;
        Clauses?: { $type?: string; FieldName?: string; Operator?: string; Values?: string[] }[];
        Options?: { Top?: number; SkipToken?: string };
      };
      try {
        query = JSON.parse(body);
      } catch {
        return json(400, { error: { code: 'BadRequest', message: 'The request body is not JSON.' } });
      }
      inventoryQueries.push(query as Record<string, unknown>);
      if (query.TableName !== 'PowerPlatformResources' || !Array.isArray(query.Clauses))
        return json(400, { error: { code: 'BadRequest', message: 'TableName and Clauses are required.' } });
      const typeFilter = query.Clauses.find(
        (c) => c.$type === 'where' && c.FieldName === 'type' && c.Operator === 'in~',
      );
      const wanted = typeFilter?.Values?.map((v) => v.replace(/^'|'$/g, '').toLowerCase());
      const rows = (options.inventory ?? []).filter((r) => !wanted || wanted.includes(r.type.toLowerCase()));
      const skip = query.Options?.SkipToken ? Number(Buffer.from(query.Options.SkipToken, 'base64').toString()) : 0;
      const size = Math.min(query.Options?.Top ?? 100, pageSize);
      const data = rows.slice(skip, skip + size);
      const more = skip + size < rows.length;
      return json(200, {
        totalRecords: rows.length,
        count: data.length,
        resultTruncated: more ? 0 : 1,
        ...(more && { skipToken: Buffer.from(String(skip + size)).toString('base64') }),
        data,
      });
    }
    if (url.pathname.startsWith('/v1.0/') && req.method === 'GET') {
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
      if ([...forbiddenPaths].some((p) => url.pathname.startsWith(p)))
        return json(403, {
          error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' },
        });
      if (garbage > 0) {
        garbage -= 1;
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Service Unavailable</html>');
      }
    }
    const collection = (items: unknown[], context: string) => {
      const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
      const next = new URL(url.toString().replace('http://fake', options.nextLinkBase ?? base()));
      next.searchParams.set('$skiptoken', String(skip + pageSize));
      return json(200, {
        '@odata.context': `${base()}/v1.0/$metadata#${context}`,
        value: items.slice(skip, skip + pageSize),
        ...(skip + pageSize < items.length && { '@odata.nextLink': next.toString() }),
      });
    };
    if (url.pathname === '/v1.0/appCatalogs/teamsApps' && req.method === 'GET') {
      const filter = url.searchParams.get('$filter');
      if (filter !== undefined && filter !== null && filter !== "distributionMethod eq 'organization'")
        return json(400, {
          error: { code: 'BadRequest', message: `The fake reads only the organization filter: ${filter}` },
        });
      const expand = url.searchParams.get('$expand') ?? '';
      const apps = (options.teamsApps ?? [])
        .filter((a) => !filter || a.distributionMethod === 'organization')
        .map(({ appDefinitions, ...app }) =>
          expand.startsWith('appDefinitions')
            ? {
                ...app,
                appDefinitions: appDefinitions.map(({ bot, ...d }) => (expand.includes('bot') ? { ...d, bot } : d)),
              }
            : app,
        );
      return collection(apps, 'appCatalogs/teamsApps(appDefinitions())');
    }
    if (url.pathname === '/v1.0/applications' && req.method === 'GET') {
      const expand = url.searchParams.get('$expand') ?? '';
      const apps = (options.applications ?? []).map(({ owners, ...app }) =>
        expand.startsWith('owners') ? { ...app, owners } : app,
      );
      return collection(apps, 'applications(owners())');
    }
    const user = /^\/v1\.0\/users\/([^/]+)$/.exec(url.pathname);
    if (user && req.method === 'GET') {
      const found = users.get(decodeURIComponent(user[1]!));
      if (!found)
        return json(404, {
          error: { code: 'Request_ResourceNotFound', message: `Resource '${user[1]}' does not exist.` },
        });
      return json(200, {
        '@odata.context': `${base()}/v1.0/$metadata#users(mail,userPrincipalName)/$entity`,
        mail: found.mail,
        userPrincipalName: found.userPrincipalName,
      });
    }
    const members = /^\/v1\.0\/groups\/([^/]+)\/transitiveMembers\/microsoft\.graph\.user$/.exec(url.pathname);
    if (members && req.method === 'GET') {
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
    /** The inventory query bodies the fake received, in order. */
    inventoryQueries,
    /** Every refresh token handed out so far stops working, as when the sign-in expires or is revoked. */
    expireSignIns: () => refreshTokens.clear(),
    /** Token requests made so far. */
    tokenRequests: () => requests.filter((r) => r.path.includes('/oauth2/v2.0/token')).length,
    /** The next `times` member reads answer 429 with this Retry-After (seconds). */
    throttle: (times: number, retryAfter = '1') => {
      throttle = { times, retryAfter };
    },
    /** Reads of this group answer 403 Authorization_RequestDenied, as without GroupMember.Read.All. */
    forbid: (groupId: string) => forbidden.add(groupId),
    /** Reads of paths starting with this prefix (like `/v1.0/users/`) answer 403, as without the permission. */
    forbidPath: (prefix: string) => forbiddenPaths.add(prefix),
    /** Lets every path be read again. */
    allowAll: () => forbiddenPaths.clear(),
    /** The next `times` Graph reads answer 200 with an HTML body, as a broken proxy would. */
    garbage: (times: number) => {
      garbage = times;
    },
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
