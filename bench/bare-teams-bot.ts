import type { TurnContext } from 'botbuilder';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The card the bare bot answers every invoke with, and its response body. */
export const BARE_CARD_RESPONSE = {
  statusCode: 200,
  type: 'application/vnd.microsoft.card.adaptive',
  value: {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [{ type: 'TextBlock', text: 'Approved.', wrap: true }],
  },
} as const;

/** A running bare bot: its `/api/messages` URL and how to stop it. */
export interface BareTeamsBot {
  url: string;
  close(): Promise<void>;
}

/**
 * The smallest Teams bot the Bot Framework SDK makes: a `CloudAdapter` without credentials (no
 * JWT check, as our bot in local mode) behind a plain `node:http` server on 127.0.0.1, whose turn
 * logic only answers an invoke with a fixed small card and ignores everything else. The yardstick
 * for what the SDK and Node cost before any of our work.
 */
export async function startBareTeamsBot(): Promise<BareTeamsBot> {
  const adapter = new CloudAdapter(
    new ConfigurationBotFrameworkAuthentication({
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppType: 'MultiTenant',
      MicrosoftAppTenantId: '',
    }),
  );
  const logic = async (context: TurnContext) => {
    if (context.activity.type === 'invoke')
      await context.sendActivity({ type: 'invokeResponse', value: { status: 200, body: BARE_CARD_RESPONSE } } as never);
  };
  const server = createServer((req, res) => {
    handle(adapter, logic, req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  adapter: CloudAdapter,
  logic: (context: TurnContext) => Promise<void>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  let status = 200;
  let text = '';
  const headers: Record<string, string> = {};
  const response = {
    socket: res.socket,
    status: (code: number) => {
      status = code;
    },
    header: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    send: (content: unknown) => {
      text = typeof content === 'string' ? content : JSON.stringify(content);
      if (typeof content !== 'string') headers['content-type'] = 'application/json; charset=utf-8';
    },
    end: () => void res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) }).end(text),
  };
  await adapter.process({ body, headers: req.headers as Record<string, string>, method: req.method }, response, logic);
}
