import type { IncomingMessage } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A Teams user as the connector describes them in a member look-up. */
export interface ConnectorMember {
  /** The bot-scoped id, `29:…`. */
  id: string;
  name: string;
  /** The Entra object id. */
  objectId: string;
  email: string;
  userPrincipalName: string;
}

/** What the bot asked the connector for. */
export type ConnectorCallKind = 'create conversation' | 'post activity' | 'update activity' | 'get member' | 'other';

/** The running stand-in: its service URL (ends with `/amer/`), what it was asked, and how to stop it. */
export interface TeamsConnectorStandIn {
  url: string;
  /** How many calls of a kind arrived. */
  calls(kind: ConnectorCallKind): number;
  close(): Promise<void>;
}

/**
 * A minimal local stand-in for the Bot Connector a Teams bot calls back, on 127.0.0.1 (a free port),
 * for benchmarks: `POST /v3/conversations` opens a chat (201 `{ id }`), `POST
 * /v3/conversations/{id}/activities[/{replyToId}]` posts (201 `{ id }`), `PUT
 * /v3/conversations/{id}/activities/{activityId}` updates (200 `{ id }`) and `GET
 * /v3/conversations/{id}/members/{userId}` answers from `members` (by `29:` id or object id), 404
 * otherwise. It counts calls and checks nothing else.
 */
export async function startTeamsConnectorStandIn(members: readonly ConnectorMember[]): Promise<TeamsConnectorStandIn> {
  const basePath = '/amer/';
  const byId = new Map<string, ConnectorMember>();
  for (const m of members) {
    byId.set(m.id, m);
    byId.set(m.objectId, m);
  }
  const counts = new Map<ConnectorCallKind, number>();
  let serial = 0;
  const nextId = () => String(1_700_000_000_000 + ++serial);

  const answer = (method: string, segments: string[]): { kind: ConnectorCallKind; status: number; body?: unknown } => {
    const [v3, collection, conversationId, sub, item, extra] = segments;
    if (v3 !== 'v3' || collection !== 'conversations')
      return { kind: 'other', status: 404, body: { error: { code: 'NotFound', message: 'not served' } } };
    if (conversationId === undefined && method === 'POST')
      return { kind: 'create conversation', status: 201, body: { id: `a:bench-${nextId()}` } };
    if (sub === 'activities' && extra === undefined) {
      if (method === 'POST') return { kind: 'post activity', status: 201, body: { id: nextId() } };
      if (method === 'PUT' && item) return { kind: 'update activity', status: 200, body: { id: item } };
    }
    if (sub === 'members' && method === 'GET' && item !== undefined && extra === undefined) {
      const member = byId.get(item);
      return member
        ? { kind: 'get member', status: 200, body: member }
        : {
            kind: 'get member',
            status: 404,
            body: {
              error: { code: 'MemberNotFoundInConversation', message: 'The member was not found in the conversation.' },
            },
          };
    }
    return {
      kind: 'other',
      status: 404,
      body: { error: { code: 'NotFound', message: `${method} is not served here` } },
    };
  };

  const server = createServer(async (req, res) => {
    await drain(req);
    const path = (req.url ?? '/').split('?')[0]!;
    const inside = path.startsWith(basePath);
    const segments = inside ? path.slice(basePath.length).split('/').map(decodeURIComponent) : [];
    const out = inside
      ? answer(req.method ?? 'GET', segments)
      : { kind: 'other' as const, status: 404, body: undefined };
    counts.set(out.kind, (counts.get(out.kind) ?? 0) + 1);
    const text = out.body === undefined ? '' : JSON.stringify(out.body);
    res
      .writeHead(out.status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      })
      .end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${basePath}`,
    calls: (kind) => counts.get(kind) ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function drain(req: IncomingMessage): Promise<void> {
  for await (const _ of req) {
    // bodies are not needed
  }
}
