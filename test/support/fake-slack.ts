import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One Web API call the bot made. */
export interface SlackCall {
  method: string;
  args: Record<string, any>;
  /** The Authorization header sent, if any (discovery sends its admin token this way). */
  authorization?: string;
}

/**
 * What the admin methods list, shaped like the examples on Slack's method pages
 * (docs.slack.dev/reference/methods/admin.apps.approved.list, admin.apps.requests.list,
 * admin.workflows.search, team.integrationLogs). With `enterpriseId`, auth.test answers like an
 * Enterprise Grid org; without it the admin methods answer `not_an_enterprise`.
 */
export interface SlackDiscoveryData {
  enterpriseId?: string;
  approvedApps?: Record<string, unknown>[];
  appRequests?: Record<string, unknown>[];
  workflows?: (Record<string, unknown> & { collaborators?: string[] })[];
  integrationLogs?: Record<string, unknown>[];
}

/** A canned answer for a method, used `times` times before normal answers resume. */
interface Override {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  times: number;
}

/** Channels the fake knows: name → id. Names resolve through conversations.list, as on Slack. */
export const CHANNELS: Record<string, string> = {
  'microapp-reviews': 'C0REVIEWS01',
  'microapp-security-reviews': 'C0SECREVS01',
  work: 'C0WORK00001',
};

/** People the fake knows: id → name, email. */
const PEOPLE: Record<string, { name: string; email: string }> = {
  UOWNER: { name: 'Olivia Owner', email: 'olivia@example.com' },
  UREVIEWER: { name: 'Rae Reviewer', email: 'rae@example.com' },
  USECURITY: { name: 'Sam Security', email: 'sam@example.com' },
  UPLATFORM: { name: 'Pat Platform', email: 'pat@example.com' },
  USTRANGER: { name: 'Stan Stranger', email: 'stan@example.com' },
  UGROUPIE: { name: 'Gina Groupie', email: 'gina@example.com' },
};

/** User groups the fake knows: id → handle and members, as usergroups.list and usergroups.users.list describe them. */
export const USER_GROUPS: Record<string, { handle: string; name: string; users: string[]; disabled?: boolean }> = {
  S0REVIEWERS: { handle: 'app-reviewers', name: 'App reviewers', users: ['UREVIEWER', 'UGROUPIE'] },
  S0SECURITY1: { handle: 'security', name: 'Security', users: ['USECURITY'] },
  S0OLDGROUP1: { handle: 'old-reviewers', name: 'Old reviewers', users: ['USTRANGER'], disabled: true },
};

/**
 * A small local stand-in for Slack's Web API, reached through SLACK_API_URL. It records every call
 * and answers like Slack for the methods the bot uses; `fail` makes a method answer with an error.
 */
export async function startFakeSlack() {
  const calls: SlackCall[] = [];
  const overrides = new Map<string, Override>();
  const history = new Map<string, { ts: string; text: string; metadata?: unknown; postedAt: number }[]>();
  const channelFaults = new Map<
    string,
    { status: number; until: number; body: string; headers: Record<string, string> }
  >();
  const deleted = new Set<string>();
  const leftChannels = new Set<string>();
  const archived = new Set<string>();
  let serial = 0;
  let discovery: SlackDiscoveryData = {};
  let chaos: { tooMany: number; broken: number; random: () => number } | undefined;
  let postAnswerDelayMs = 0;
  /** Message timestamps as Slack writes them: seconds since the epoch, now, and a unique fraction. */
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++serial).padStart(6, '0')}`;
  const channelId = (channel: string) => (channel.startsWith('#') ? CHANNELS[channel.slice(1)] : channel);
  const answer = (method: string, args: Record<string, any>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://acme.slack.com/',
          team: 'Acme',
          user: 'microapp',
          team_id: 'T1',
          user_id: 'UBOT',
          bot_id: 'BBOT',
          ...(discovery.enterpriseId ? { enterprise_id: discovery.enterpriseId, is_enterprise_install: true } : {}),
        };
      case 'admin.apps.approved.list':
        return discovery.enterpriseId
          ? { ok: true, ...cursorPage('approved_apps', discovery.approvedApps ?? [], args, 100) }
          : { ok: false, error: 'not_an_enterprise' };
      case 'admin.apps.requests.list':
        return discovery.enterpriseId
          ? { ok: true, ...cursorPage('app_requests', discovery.appRequests ?? [], args, 100) }
          : { ok: false, error: 'not_an_enterprise' };
      case 'admin.workflows.search': {
        if (!discovery.enterpriseId) return { ok: false, error: 'not_an_enterprise' };
        const all = discovery.workflows ?? [];
        const chosen = String(args.no_collaborators) === 'true' ? all.filter((w) => !w.collaborators?.length) : all;
        return { ok: true, total_found: chosen.length, ...cursorPage('workflows', chosen, args, 20) };
      }
      case 'team.integrationLogs': {
        const logs = discovery.integrationLogs ?? [];
        const count = Number(args.count ?? 100);
        const page = Number(args.page ?? 1);
        const pages = Math.max(1, Math.ceil(logs.length / count));
        return {
          ok: true,
          logs: logs.slice((page - 1) * count, page * count),
          paging: { count, total: logs.length, page, pages },
        };
      }
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${calls.length}`, ...args.view } };
      case 'chat.postMessage': {
        const id = channelId(String(args.channel));
        if (!id) return { ok: false, error: 'channel_not_found' };
        const message = { ts: nextTs(), text: args.text, metadata: args.metadata, postedAt: Date.now() };
        history.set(id, [...(history.get(id) ?? []), message]);
        return { ok: true, channel: id, ts: message.ts, message: { text: args.text } };
      }
      case 'conversations.history': {
        const oldest = Number(args.oldest ?? 0);
        const messages = (history.get(String(args.channel)) ?? []).filter((m) => Number(m.ts) >= oldest).reverse();
        return {
          ok: true,
          messages: messages.map((m) =>
            args.include_all_metadata === true || args.include_all_metadata === 'true' ? m : { ts: m.ts, text: m.text },
          ),
          has_more: false,
        };
      }
      case 'conversations.list':
        return {
          ok: true,
          channels: Object.entries(CHANNELS).map(([name, id]) => ({
            id,
            name,
            is_channel: true,
            is_private: false,
            is_archived: archived.has(id),
            is_member: !leftChannels.has(id),
          })),
          response_metadata: { next_cursor: '' },
        };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: nextTs() };
      case 'conversations.open':
        return { ok: true, channel: { id: `D-${args.users}` } };
      case 'users.info': {
        const person = PEOPLE[args.user];
        return person
          ? {
              ok: true,
              user: {
                id: args.user,
                name: person.name.toLowerCase(),
                real_name: person.name,
                tz: 'Europe/Berlin',
                deleted: deleted.has(args.user),
                profile: { display_name: person.name, email: person.email },
              },
            }
          : { ok: false, error: 'user_not_found' };
      }
      case 'usergroups.list': {
        const withDisabled = args.include_disabled === true || args.include_disabled === 'true';
        return {
          ok: true,
          usergroups: Object.entries(USER_GROUPS)
            .filter(([, g]) => withDisabled || !g.disabled)
            .map(([id, g]) => ({
              id,
              team_id: 'T1',
              is_usergroup: true,
              name: g.name,
              handle: g.handle,
              date_delete: g.disabled ? 1_700_000_000 : 0,
              user_count: g.users.length,
            })),
        };
      }
      case 'usergroups.users.list': {
        const group = USER_GROUPS[String(args.usergroup)];
        return group ? { ok: true, users: [...group.users] } : { ok: false, error: 'no_such_subteam' };
      }
      case 'users.lookupByEmail': {
        const id = Object.keys(PEOPLE).find((k) => PEOPLE[k]!.email === args.email);
        return id ? { ok: true, user: { id } } : { ok: false, error: 'users_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  };
  const server = createServer(async (req, res) => {
    // Web API calls arrive at /api/<method>; anything else (a response_url) is recorded by its path.
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const args = parseArgs(req.headers['content-type'], await readAll(req));
    calls.push({ method, args, authorization: req.headers.authorization });
    const fault = method === 'chat.postMessage' ? channelFaults.get(channelId(String(args.channel)) ?? '') : undefined;
    if (fault && Date.now() < fault.until) {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers }).end(fault.body);
      return;
    }
    const roll = method === 'chat.postMessage' && chaos ? chaos.random() : 1;
    if (chaos && roll < chaos.tooMany) {
      res
        .writeHead(429, { 'content-type': 'application/json', 'retry-after': '1' })
        .end(JSON.stringify({ ok: false, error: 'ratelimited' }));
      return;
    }
    if (chaos && roll < chaos.tooMany + chaos.broken) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('upstream trouble');
      return;
    }
    const override = overrides.get(method);
    if (override && override.times > 0) {
      override.times -= 1;
      res
        .writeHead(override.status, { 'content-type': 'application/json', ...override.headers })
        .end(JSON.stringify(override.body));
      return;
    }
    const body = JSON.stringify(answer(method, args));
    if (method === 'chat.postMessage' && postAnswerDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, postAnswerDelayMs));
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    calls,
    /** Calls of one method, in order. */
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    /** Messages posted to a channel (id or #name), oldest first. */
    messagesIn: (channel: string) => history.get(channelId(channel) ?? '') ?? [],
    /**
     * Posts to this channel (id or #name) fail for `ms`: with HTTP `status` (and `headers`, like
     * Retry-After), or with a 200 carrying Slack's `error` code.
     */
    failChannel(
      channel: string,
      fault: { ms: number; status?: number; error?: string; headers?: Record<string, string> },
    ) {
      const status = fault.status ?? 200;
      const error = fault.error ?? (status === 429 ? 'ratelimited' : 'service_unavailable');
      channelFaults.set(channelId(channel)!, {
        status,
        until: Date.now() + fault.ms,
        body: JSON.stringify({ ok: false, error }),
        headers: fault.headers ?? {},
      });
    },
    /**
     * From now on chat.postMessage answers `ms` late: the message is posted at once and the answer
     * waits, so a bot killed meanwhile has posted without hearing so.
     */
    slowPostAnswers(ms: number) {
      postAnswerDelayMs = ms;
    },
    /**
     * From now on, a share of chat.postMessage calls fail: `tooMany` with HTTP 429 and Retry-After: 1,
     * `broken` with HTTP 503 (nothing posted). A seeded sequence, so runs repeat; undefined stops it.
     */
    chaos(rates?: { tooMany: number; broken: number; seed?: number }) {
      let state = rates?.seed ?? 7;
      chaos = rates && {
        ...rates,
        random: () => {
          state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
          return state / 2_147_483_648;
        },
      };
    },
    /** From now on the bot is not a member of this channel (id or #name): conversations.list says `is_member: false`. */
    removeBotFrom: (channel: string) => leftChannels.add(channelId(channel)!),
    /** conversations.list says this channel (id or #name) is archived from now on. */
    archive: (channel: string) => archived.add(channelId(channel)!),
    /** What the admin methods and team.integrationLogs list from now on. */
    setDiscovery(data: SlackDiscoveryData) {
      discovery = data;
    },
    /** users.info says this user is deleted from now on. */
    deleteUser: (id: string) => deleted.add(id),
    /** The next `times` calls to `method` get this answer instead. */
    fail(
      method: string,
      body: Record<string, unknown>,
      options: { status?: number; headers?: Record<string, string>; times?: number } = {},
    ) {
      overrides.set(method, {
        status: options.status ?? 200,
        body,
        headers: options.headers,
        times: options.times ?? 1,
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The fake's handle. */
export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

/**
 * One cursor-paged slice of `list` under `key`, as Slack pages: `limit` items and
 * `response_metadata.next_cursor` ('' at the end); a cursor it did not issue answers `invalid_cursor`.
 */
function cursorPage(key: string, list: unknown[], args: Record<string, any>, defaultLimit: number) {
  const limit = Number(args.limit ?? defaultLimit);
  const offset = args.cursor
    ? /^offset:(\d+)$/.exec(Buffer.from(String(args.cursor), 'base64').toString('utf8'))
    : null;
  if (args.cursor && !offset) return { ok: false, error: 'invalid_cursor' };
  const from = offset ? Number(offset[1]) : 0;
  const to = from + limit;
  return {
    [key]: list.slice(from, to),
    response_metadata: { next_cursor: to < list.length ? Buffer.from(`offset:${to}`).toString('base64') : '' },
  };
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseArgs(contentType: string | undefined, raw: string): Record<string, any> {
  if (contentType?.includes('application/json')) return JSON.parse(raw || '{}');
  const args: Record<string, any> = {};
  for (const [k, v] of new URLSearchParams(raw)) args[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  return args;
}
