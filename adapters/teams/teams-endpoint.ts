import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { RouteHandler } from '../../src/http/http-server';
import { sendJson } from '../../src/http/http-server';
import { readBody } from '../../src/http/read-body';

/** Activities are small; a body past this is not from Teams. */
const MAX_BODY_BYTES = 1024 * 1024;
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/**
 * `POST /api/messages`: reads the activity and hands it to the SDK, which checks the caller's JWT
 * when the bot has credentials and answers invokes in the response body. Without credentials there
 * is nothing to check a caller against, so only loopback callers (the Bot Framework Emulator, a
 * local fake connector) are served.
 */
export function teamsEndpoint(deps: {
  adapter: CloudAdapter;
  logic: (context: TurnContext) => Promise<void>;
  credentials: boolean;
}): RouteHandler {
  return async (req, res) => {
    if (!deps.credentials && !LOOPBACK.test(req.socket.remoteAddress ?? '')) {
      return sendJson(res, 401, {
        error: 'unauthorized',
        message:
          'This bot has no Microsoft App ID yet, so it only serves local callers. Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID to connect Teams.',
      });
    }
    const body = await readJson(req);
    if (body === TOO_BIG) return sendJson(res, 413, { error: 'too_large' });
    if (!body || typeof body !== 'object' || Array.isArray(body))
      return sendJson(res, 400, {
        error: 'bad_request',
        message: 'The body must be a Bot Framework activity in JSON.',
      });
    await deps.adapter.process(
      { body: body as Record<string, unknown>, headers: req.headers as Record<string, string>, method: req.method },
      sdkResponse(res),
      deps.logic,
    );
  };
}

const TOO_BIG = Symbol('too big');

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, MAX_BODY_BYTES);
  if (!body) return TOO_BIG;
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The small Express-like response the SDK writes to (status, header, send, end) over Node's own. */
function sdkResponse(res: ServerResponse) {
  let status = 200;
  const headers: Record<string, string> = {};
  let body: string | undefined;
  return {
    socket: res.socket,
    status(code: number) {
      status = code;
    },
    header(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    send(content: unknown) {
      if (content === undefined) return;
      if (typeof content === 'string' || Buffer.isBuffer(content)) body = String(content);
      else {
        body = JSON.stringify(content);
        headers['content-type'] ??= 'application/json; charset=utf-8';
      }
    },
    end() {
      if (res.headersSent) return;
      res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body ?? '') });
      res.end(body ?? '');
    },
  };
}
