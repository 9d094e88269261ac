import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { RouteHandler } from '../../src/http/http-server';
import type { Logger } from '../../src/log/logger';
import type { Clock } from '../../src/ports/clock';
import type { FollowUpQueue } from './follow-up-queue';
import { verifySlackSignature } from './verify-slack-signature';

const BODY_LIMIT_BYTES = 1_000_000;

/** What the receiver needs. */
export interface SlackHttpReceiverDeps {
  signingSecret: string;
  clock: Clock;
  logger: Logger;
  /** Records a delivery key; false when the key was seen before (a Slack retry of the same event). */
  claimDelivery(key: string): Promise<boolean>;
  /** Told when a request starts waiting for its ack and when it is answered. */
  queue: Pick<FollowUpQueue, 'requestStarted' | 'requestAnswered'>;
}

/** A bolt receiver mounted on the bot's own HTTP server rather than one of its own. */
export interface SlackHttpReceiver extends Receiver {
  handle: RouteHandler;
}

/**
 * Receives Slack's HTTP requests at `POST /slack/events`: verifies the signature and the timestamp
 * (both directions) before anything else runs, answers `url_verification` and `ssl_check`, drops
 * redeliveries of events it has already handled, and hands the rest to bolt with an `ack` that
 * writes the HTTP response.
 */
export function createSlackHttpReceiver(deps: SlackHttpReceiverDeps): SlackHttpReceiver {
  let app: App | undefined;
  return {
    init(bolt) {
      app = bolt;
    },
    start: async () => undefined,
    stop: async () => undefined,
    async handle(req, res) {
      const raw = await readBody(req);
      if (raw === undefined) return respond(res, 413);
      const problem = verifySlackSignature({
        signingSecret: deps.signingSecret,
        timestamp: header(req, 'x-slack-request-timestamp'),
        signature: header(req, 'x-slack-signature'),
        rawBody: raw,
        nowMs: deps.clock.now().getTime(),
      });
      if (problem) {
        deps.logger.warn('refused a Slack request that failed verification', { problem });
        return respond(res, 401);
      }
      const body = parseBody(header(req, 'content-type'), raw);
      if (!body) return respond(res, 400);
      if (body.ssl_check === '1') return respond(res, 200);
      if (body.type === 'url_verification') return respond(res, 200, { challenge: body.challenge });

      const retryNum = Number(header(req, 'x-slack-retry-num') ?? 0);
      if (typeof body.event_id === 'string' && !(await deps.claimDelivery(`slack:event:${body.event_id}`))) {
        deps.logger.info('ignored a Slack redelivery already handled', { eventId: body.event_id, retryNum });
        return respond(res, 200);
      }

      let acked = false;
      const answer = (status: number, response?: unknown) => {
        if (acked) return;
        acked = true;
        respond(res, status, response);
        deps.queue.requestAnswered();
      };
      deps.queue.requestStarted();
      const ack: ReceiverEvent['ack'] = async (response?: unknown) => answer(200, response);
      try {
        await app!.processEvent({
          body,
          ack,
          retryNum: retryNum || undefined,
          retryReason: header(req, 'x-slack-retry-reason'),
          customProperties: {},
        });
      } catch (error) {
        deps.logger.error('a Slack request failed', { type: body.type, error });
        answer(500);
      }
      answer(200);
    },
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT_BYTES) return void chunks.push(chunk);
      req.off('data', onData).resume();
      resolve(undefined);
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Slash commands are form fields; interactions are a form field `payload` holding JSON; events are JSON. */
function parseBody(contentType: string | undefined, raw: string): Record<string, unknown> | undefined {
  try {
    if (contentType?.includes('application/json')) return JSON.parse(raw);
    const form = Object.fromEntries(new URLSearchParams(raw));
    return typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
  } catch {
    return undefined;
  }
}

function respond(res: ServerResponse, status: number, body?: unknown): void {
  if (res.headersSent) return;
  if (body === undefined || body === '') {
    res.writeHead(status).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
  });
  res.end(text);
}
