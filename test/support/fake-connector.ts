import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TeamSpec } from './teams-activities';

/*
 * A local stand-in for the Bot Framework Connector service (REST API v3) as Teams runs it. Paths
 * and shapes follow botframework-connector's operation specs (ConversationsImpl: POST
 * v3/conversations, POST v3/conversations/{conversationId}/activities[/{activityId}], PUT and
 * DELETE …/activities/{activityId}, GET …/members, …/members/{memberId}, …/pagedmembers; Teams:
 * GET v3/teams/{teamId}, v3/teams/{teamId}/conversations) and the Teams docs ("Get Teams specific
 * context": members carry `objectId`, `userPrincipalName`, `tenantId`, `userRole`; status codes
 * with `{ error: { code, message } }` bodies).
 */

/** One HTTP request the bot made to the connector, whatever the answer. */
export interface ConnectorCall {
  method: string;
  /** Path below the service URL, percent-decoded: `/v3/conversations/19:x@thread.tacv2;messageid=1/activities`. */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body (undefined when none). */
  body: any;
  headers: IncomingHttpHeaders;
  /** The status the fake answered with. */
  status: number;
}

/** A message the bot posted: a send (`POST …/activities`), a reply (`POST …/activities/{replyToId}`), or the first message of a created conversation. */
export interface SentActivity {
  conversationId: string;
  replyToId?: string;
  activity: any;
  /** The id the fake gave it (what the bot must use to update it). */
  id: string;
}

/** `PUT …/activities/{activityId}`. */
export interface UpdatedActivity {
  conversationId: string;
  activityId: string;
  activity: any;
}

/** `POST /v3/conversations`: the answer and the ConversationParameters sent. */
export interface CreatedConversation {
  id: string;
  activityId?: string;
  serviceUrl: string;
  parameters: any;
}

/** `DELETE …/activities/{activityId}`. */
export interface DeletedActivity {
  conversationId: string;
  activityId: string;
}

/** A member the connector knows (TeamsChannelAccount); `aadObjectId` goes on the wire as `objectId`, as Teams sends it. */
export interface ConnectorMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
  givenName?: string;
  surname?: string;
  tenantId?: string;
  userRole?: 'user' | 'guest' | 'anonymous';
  /**
   * The conversations (base ids: a team, a channel, a 1:1 chat) the member is in; member look-ups
   * and rosters of other conversations do not see them (404 MemberNotFoundInConversation). In
   * every conversation when absent.
   */
  conversations?: string[];
}

/** Which requests a fault applies to: method (any when absent) and a regex tested against `ConnectorCall.path`. */
export interface FaultMatch {
  method?: string;
  path?: RegExp;
}

/** The answer a fault gives instead of the normal one. */
export interface FaultResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FakeConnectorOptions {
  /** Path under the host the service URL carries, like Teams' `/amer/`; default `/amer/`. Requests outside it get 404. */
  basePath?: string;
  /**
   * Conversation id to answer `POST /v3/conversations` with for a 1:1 chat with this member. Teams
   * returns the same id every time for the same user; default `a:new-<n>`, n counting distinct users.
   */
  personalConversationId?: (member: { id: string; aadObjectId?: string }) => string;
  /** Update/delete of an activity id this fake never gave out in that conversation answers 404 (default true). */
  strictActivityIds?: boolean;
}

/** An app registration the fake's token endpoint knows (Microsoft Entra ID's client-credentials grant). */
export interface FakeApp {
  appId: string;
  password: string;
  /** The tenant a single-tenant app lives in; multi-tenant apps ask `botframework.com`. */
  tenantId?: string;
}

export interface FakeConnector {
  /** The serviceUrl for activities, ending with '/'. */
  url: string;
  /** Where the fake answers Entra ID's token requests (`POST {loginUrl}/{tenant}/oauth2/v2.0/token`); no trailing '/'. */
  loginUrl: string;
  /** Access tokens the token endpoint handed out, in order. */
  tokens: string[];
  /** Registers an app id and password the token endpoint accepts. */
  addApp(app: FakeApp): void;
  /** Every request, in order. */
  calls: ConnectorCall[];
  /** Successful sends and replies, and the first messages of created conversations, in order. */
  sent: SentActivity[];
  updated: UpdatedActivity[];
  created: CreatedConversation[];
  deleted: DeletedActivity[];
  /** The Authorization header of each request, in order (undefined when absent). */
  authHeaders: (string | undefined)[];
  /** Adds or replaces a member (keyed by `id`); member look-ups answer from this table in any conversation. */
  addMember(member: ConnectorMember): void;
  /** Forgets a member, by `id`, AAD object id or email; look-ups then answer 404. */
  removeMember(idOrAadObjectIdOrEmail: string): void;
  /** Adds a team for `GET /v3/teams/{teamId}` and its channel list. */
  addTeam(team: TeamSpec): void;
  /** The next `times` requests matching `match` get `response`; faults are tried in the order added. */
  failNext(match: FaultMatch, response: FaultResponse, times?: number): void;
  /** Sent activities in a conversation; a `…;messageid=…` suffix on either side is ignored. */
  sentTo(conversationId: string): SentActivity[];
  /** Polls `pick` every 10 ms until it returns something other than undefined, null or false; fails listing the calls so far. */
  waitFor<T>(pick: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  /** Forgets recorded calls and views (members, teams and faults stay). */
  clear(): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeConnector(options: FakeConnectorOptions = {}): Promise<FakeConnector> {
  const basePath = `/${(options.basePath ?? '/amer/').replace(/^\/+|\/+$/g, '')}/`.replace(/^\/\/$/, '/');
  const strict = options.strictActivityIds ?? true;
  const calls: ConnectorCall[] = [];
  const sent: SentActivity[] = [];
  const updated: UpdatedActivity[] = [];
  const created: CreatedConversation[] = [];
  const deleted: DeletedActivity[] = [];
  const authHeaders: (string | undefined)[] = [];
  const members = new Map<string, ConnectorMember>();
  const teams = new Map<string, TeamSpec>();
  const apps = new Map<string, FakeApp>();
  const tokens: string[] = [];
  const faults: { match: FaultMatch; response: FaultResponse; left: number }[] = [];
  const issued = new Map<string, string>(); // activity id → base conversation id
  const personal = new Map<string, string>(); // member id → created conversation id
  let activitySerial = 0;
  let conversationSerial = 0;
  let url = '';

  const baseConversation = (id: string) => id.split(';')[0]!;
  const nextActivityId = () => String(1_700_000_000_000 + ++activitySerial);
  const wire = (m: ConnectorMember) => {
    const [givenName, ...rest] = m.name.split(' ');
    return {
      id: m.id,
      name: m.name,
      objectId: m.aadObjectId,
      givenName: m.givenName ?? givenName,
      surname: m.surname ?? (rest.join(' ') || undefined),
      email: m.email,
      userPrincipalName: m.userPrincipalName ?? m.email,
      tenantId: m.tenantId,
      userRole: m.userRole ?? 'user',
    };
  };
  const inConversation = (m: ConnectorMember, conversationId?: string) =>
    !conversationId || !m.conversations || m.conversations.includes(baseConversation(conversationId));
  const findMember = (key: string, conversationId?: string) => {
    const k = key.toLowerCase();
    return [...members.values()].find(
      (m) =>
        inConversation(m, conversationId) &&
        (m.id === key ||
          m.aadObjectId.toLowerCase() === k ||
          m.email?.toLowerCase() === k ||
          m.userPrincipalName?.toLowerCase() === k),
    );
  };
  const error = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });
  const issue = (conversationId: string) => {
    const id = nextActivityId();
    issued.set(id, baseConversation(conversationId));
    return id;
  };
  const knownActivity = (conversationId: string, activityId: string) =>
    !strict || issued.get(activityId) === baseConversation(conversationId);

  /** The normal answer to a request (after faults). */
  const answer = (
    method: string,
    path: string,
    query: Record<string, string>,
    body: any,
  ): { status: number; body?: unknown } => {
    const seg = path.split('/').slice(1); // ['v3', 'conversations', id, ...]
    if (seg[0] === 'v3' && seg[1] === 'conversations') {
      const conversationId = seg[2];
      if (conversationId === undefined) {
        if (method === 'GET') return { status: 200, body: { conversations: [] } };
        if (method !== 'POST') return error(405, 'BadSyntax', `${method} is not supported on /v3/conversations.`);
        const channel = body?.channelData?.channel?.id as string | undefined;
        if (body?.isGroup && channel) {
          // A new post in a channel (TeamsInfo.sendMessageToTeamsChannel): the answer names the new thread.
          if (!body.activity) return error(400, 'BadArgument', 'A new channel post needs an activity.');
          const activityId = issue(channel);
          const id = `${channel};messageid=${activityId}`;
          sent.push({ conversationId: id, activity: body.activity, id: activityId });
          created.push({ id, activityId, serviceUrl: url, parameters: body });
          return { status: 201, body: { id, activityId, serviceUrl: url } };
        }
        const member = body?.members?.[0] as { id: string; aadObjectId?: string } | undefined;
        if (!member?.id) return error(400, 'BadArgument', 'ConversationParameters.members must name the user.');
        const known = findMember(member.id);
        let id = personal.get(member.id);
        if (!id) {
          id =
            options.personalConversationId?.({
              id: member.id,
              aadObjectId: member.aadObjectId ?? known?.aadObjectId,
            }) ?? `a:new-${++conversationSerial}`;
          personal.set(member.id, id);
        }
        const conversation: CreatedConversation = { id, serviceUrl: url, parameters: body };
        if (body.activity) {
          conversation.activityId = issue(id);
          sent.push({ conversationId: id, activity: body.activity, id: conversation.activityId });
        }
        created.push(conversation);
        return {
          status: 201,
          body: { id, ...(conversation.activityId ? { activityId: conversation.activityId } : {}), serviceUrl: url },
        };
      }
      const [, , , collection, item, extra] = seg;
      if (collection === 'activities' && extra === undefined) {
        if (method === 'POST' && (item === undefined || item !== 'history')) {
          const id = issue(conversationId);
          sent.push({ conversationId, ...(item ? { replyToId: item } : {}), activity: body, id });
          return { status: 201, body: { id } };
        }
        if (item && (method === 'PUT' || method === 'DELETE')) {
          if (!knownActivity(conversationId, item))
            return error(404, 'NotFound', `Activity ${item} was not found in conversation ${conversationId}.`);
          if (method === 'PUT') {
            updated.push({ conversationId, activityId: item, activity: body });
            return { status: 200, body: { id: item } };
          }
          deleted.push({ conversationId, activityId: item });
          return { status: 200 };
        }
      }
      if (method === 'GET' && collection === 'members' && item === undefined) {
        return { status: 200, body: [...members.values()].filter((m) => inConversation(m, conversationId)).map(wire) };
      }
      if (method === 'GET' && collection === 'members' && item !== undefined && extra === undefined) {
        const member = findMember(item, conversationId);
        return member
          ? { status: 200, body: wire(member) }
          : error(404, 'MemberNotFoundInConversation', 'The member was not found in the conversation.');
      }
      if (method === 'GET' && collection === 'pagedmembers' && item === undefined) {
        const all = [...members.values()].filter((m) => inConversation(m, conversationId)).map(wire);
        const size = Math.min(500, Math.max(50, Number(query.pageSize ?? 50) || 50));
        const start = Number(query.continuationToken ?? 0) || 0;
        const page = all.slice(start, start + size);
        return {
          status: 200,
          body: { members: page, ...(start + size < all.length ? { continuationToken: String(start + size) } : {}) },
        };
      }
    }
    if (seg[0] === 'v3' && seg[1] === 'teams' && seg[2] !== undefined && method === 'GET') {
      const team = teams.get(seg[2]);
      if (!team) return error(404, 'NotFound', `Team ${seg[2]} was not found.`);
      if (seg[3] === undefined)
        return { status: 200, body: { id: team.id, name: team.name, aadGroupId: team.aadGroupId } };
      if (seg[3] === 'conversations' && seg[4] === undefined) {
        return {
          status: 200,
          body: { conversations: team.channels.map((c) => ({ id: c.id, name: c.id === team.id ? null : c.name })) },
        };
      }
    }
    return error(404, 'NotFound', `The fake connector does not serve ${method} ${path}.`);
  };

  /**
   * Entra ID's v2 token endpoint for the client-credentials grant, as the Bot Framework docs
   * ("Authentication with the Bot Connector API") use it: a form body with grant_type, client_id,
   * client_secret and scope; `{ token_type, expires_in, ext_expires_in, access_token }` or an OAuth
   * error `{ error, error_description: 'AADSTS…: …', error_codes }`.
   */
  const token = (tenant: string, raw: string): { status: number; body: unknown } => {
    const form = new URLSearchParams(raw);
    const oauthError = (status: number, error: string, code: number, text: string) => ({
      status,
      body: { error, error_description: `AADSTS${code}: ${text}`, error_codes: [code] },
    });
    if (form.get('grant_type') !== 'client_credentials')
      return oauthError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
    const app = apps.get(form.get('client_id') ?? '');
    const tenants = new Set([...apps.values()].map((a) => a.tenantId ?? 'botframework.com'));
    if (tenant !== 'botframework.com' && !tenants.has(tenant))
      return oauthError(400, 'invalid_request', 90002, `Tenant '${tenant}' not found.`);
    if (!app || (app.tenantId ?? 'botframework.com') !== tenant)
      return oauthError(
        400,
        'unauthorized_client',
        700016,
        `Application with identifier '${form.get('client_id')}' was not found in the directory '${tenant}'.`,
      );
    if (form.get('client_secret') !== app.password)
      return oauthError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
    const accessToken = `fake-token-${tokens.length + 1}`;
    tokens.push(accessToken);
    return {
      status: 200,
      body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: accessToken },
    };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const raw = await readAll(req);
    const target = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const inside = target.pathname.startsWith(basePath);
    const path = decodePath(inside ? `/${target.pathname.slice(basePath.length)}` : target.pathname);
    const query = Object.fromEntries(target.searchParams);
    let body: any;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const call: ConnectorCall = { method, path, query, body, headers: req.headers, status: 0 };
    calls.push(call);
    authHeaders.push(req.headers.authorization);
    const fault = faults.find(
      (f) =>
        f.left > 0 &&
        (!f.match.method || f.match.method.toUpperCase() === method) &&
        (!f.match.path || f.match.path.test(path)),
    );
    let out: { status: number; body?: unknown; headers?: Record<string, string> };
    if (fault) {
      fault.left -= 1;
      out = fault.response;
    } else if (method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(target.pathname)) {
      out = token(decodeURIComponent(target.pathname.split('/')[1]!), raw);
    } else if (!inside) {
      out = error(404, 'NotFound', `${target.pathname} is outside the service URL ${url}.`);
    } else if (typeof body === 'string') {
      out = error(400, 'BadSyntax', 'The body is not JSON.');
    } else {
      out = answer(method, path, query, body);
    }
    call.status = out.status;
    const text = out.body === undefined ? '' : JSON.stringify(out.body);
    res
      .writeHead(out.status, { ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}), ...out.headers })
      .end(text);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) =>
      res
        .writeHead(500, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { code: 'ServiceError', message: e.message } })),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${basePath}`;

  const describe = () =>
    calls.length === 0
      ? '  (none)'
      : calls
          .map(
            (c) =>
              `  ${c.method} ${c.path} → ${c.status}${c.body === undefined ? '' : ` ${truncate(JSON.stringify(c.body), 300)}`}`,
          )
          .join('\n');

  return {
    url,
    loginUrl: new URL(url).origin,
    tokens,
    addApp: (app) => void apps.set(app.appId, app),
    calls,
    sent,
    updated,
    created,
    deleted,
    authHeaders,
    addMember: (member) => void members.set(member.id, member),
    removeMember(key) {
      const found = findMember(key);
      if (found) members.delete(found.id);
    },
    addTeam: (team) => void teams.set(team.id, team),
    failNext(match, response, times = 1) {
      faults.push({ match, response, left: times });
    },
    sentTo: (conversationId) =>
      sent.filter((s) => baseConversation(s.conversationId) === baseConversation(conversationId)),
    async waitFor<T>(pick: () => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const value = pick();
        if (value !== undefined && value !== null && value !== false) return value;
        if (Date.now() > end)
          throw new Error(
            `timed out after ${timeoutMs} ms waiting on the fake connector; calls so far:\n${describe()}`,
          );
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    clear() {
      for (const list of [calls, sent, updated, created, deleted, authHeaders] as unknown[][]) list.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function decodePath(path: string): string {
  return path
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join('/');
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}
