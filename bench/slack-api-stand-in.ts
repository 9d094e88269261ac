import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the stand-in behaves. */
export interface SlackApiStandInOptions {
  /**
   * Slack's per-channel posting limit: a `chat.postMessage` to a channel less than this many
   * milliseconds after the previous accepted post there is answered HTTP 429 with `Retry-After: 1`
   * and not accepted. Off when absent.
   */
  postIntervalMs?: number;
  /** Milliseconds every answer is held back, as a round trip to Slack would take. None when absent. */
  latencyMs?: number;
}

/** One accepted `chat.postMessage`: where, when it arrived (ms on the stand-in's monotonic clock), and the key in its metadata. */
export interface AcceptedPost {
  channel: string;
  atMs: number;
  key?: string;
}

/** The running stand-in: its base URL (ends with `/api/`), what it was asked, and how to stop it. */
export interface SlackApiStandIn {
  url: string;
  /** How many calls of `method` (like `chat.postEphemeral`) arrived, refused ones included. */
  calls(method: string): number;
  /** How many calls of `method` were refused with HTTP 429. */
  rateLimited(method: string): number;
  /** Accepted `chat.postMessage` calls, in arrival order. */
  posts(): AcceptedPost[];
  /** The `text` arguments `method` was called with, and how often each. */
  texts(method: string): Map<string, number>;
  close(): Promise<void>;
}

/**
 * A minimal local stand-in for Slack's Web API on 127.0.0.1 (a free port), for benchmarks: it answers
 * `{ ok: true, … }` to the methods the bot calls around an acknowledgement and delivery, and counts
 * the calls; with `postIntervalMs` it also enforces Slack's per-channel posting limit.
 */
export async function startSlackApiStandIn(options: SlackApiStandInOptions = {}): Promise<SlackApiStandIn> {
  const counts = new Map<string, number>();
  const limited = new Map<string, number>();
  const accepted: AcceptedPost[] = [];
  const lastPost = new Map<string, number>();
  const texts = new Map<string, Map<string, number>>();
  let ts = 1_700_000_000;
  const answer = (method: string, args: Record<string, string>): Record<string, unknown> => {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://bench.slack.com/',
          team: 'Bench',
          user: 'microapp',
          team_id: 'TBENCH',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage':
        return { ok: true, channel: args.channel?.replace(/^#/, 'C-'), ts: `${++ts}.000100` };
      case 'chat.update':
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral':
        return { ok: true, message_ts: `${++ts}.000200` };
      case 'views.open':
        return { ok: true, view: { id: `V${ts}` } };
      case 'conversations.open':
        return { ok: true, channel: { id: `D-${args.users}` } };
      case 'users.info': {
        const id = args.user ?? 'UNKNOWN';
        return {
          ok: true,
          user: {
            id,
            name: id.toLowerCase(),
            real_name: id,
            tz: 'Europe/Berlin',
            deleted: false,
            profile: { display_name: id, email: `${id.toLowerCase()}@example.com` },
          },
        };
      }
      default:
        return { ok: true };
    }
  };
  const server = createServer(async (req, res) => {
    const arrivedMs = performance.now();
    const method = (req.url ?? '').replace(/^\/api\//, '').split('?')[0]!;
    const args = parseArgs(req.headers['content-type'], await readAll(req));
    counts.set(method, (counts.get(method) ?? 0) + 1);
    if (method === 'chat.postMessage' && options.postIntervalMs !== undefined) {
      const channel = args.channel ?? '';
      const last = lastPost.get(channel);
      if (last !== undefined && arrivedMs - last < options.postIntervalMs) {
        limited.set(method, (limited.get(method) ?? 0) + 1);
        const body = JSON.stringify({ ok: false, error: 'ratelimited' });
        res
          .writeHead(429, {
            'content-type': 'application/json',
            'retry-after': '1',
            'content-length': Buffer.byteLength(body),
          })
          .end(body);
        return;
      }
      lastPost.set(channel, arrivedMs);
      accepted.push({ channel, atMs: arrivedMs, key: metadataKey(args.metadata) });
    }
    if (typeof args.text === 'string') {
      const seen = texts.get(method) ?? new Map<string, number>();
      seen.set(args.text, (seen.get(args.text) ?? 0) + 1);
      texts.set(method, seen);
    }
    const body = JSON.stringify(answer(method, args));
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`,
    calls: (method) => counts.get(method) ?? 0,
    rateLimited: (method) => limited.get(method) ?? 0,
    posts: () => [...accepted],
    texts: (method) => new Map(texts.get(method)),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The `event_payload.id` of a post's message metadata (a JSON form field), if any. */
function metadataKey(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  try {
    const id = (JSON.parse(raw) as { event_payload?: { id?: unknown } }).event_payload?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The Web API client sends form fields (JSON for some methods); only top-level strings matter here. */
function parseArgs(contentType: string | undefined, raw: string): Record<string, string> {
  if (contentType?.includes('application/json')) {
    const parsed = JSON.parse(raw || '{}') as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : [])));
  }
  return Object.fromEntries(new URLSearchParams(raw));
}
