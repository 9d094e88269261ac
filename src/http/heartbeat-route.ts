import type { ServerResponse } from 'node:http';
import type { Heartbeat, HeartbeatOutcome } from '../app/activity/record-heartbeat';
import type { RouteHandler } from './http-server';
import { sendJson } from './http-server';
import { readBody } from './read-body';

/** Where apps report use; `{id}` is the app id (or its name, URL-encoded). */
export const HEARTBEAT_PATH = '/api/v1/apps/{id}/heartbeat';
/** A heartbeat body is a flag or two; anything past this is not one. */
const MAX_BODY_BYTES = 4096;
const GET_A_TOKEN =
  'Its owner gets one with /microapp token <app> in Slack or "token <app>" in a personal chat with the bot in Teams; a platform admin with: microapp token issue <app>.';

/**
 * `POST /api/v1/apps/{id}/heartbeat` with `Authorization: Bearer <token>` and an optional JSON body
 * `{"sandbox": true}` (this use was in a sandbox with test data): 204 once recorded; 401 for a
 * missing, wrong or revoked token and for an unknown app alike; 410 for a decommissioned app; 400
 * for a body that is not that JSON; 413 past 4 KB.
 */
export function heartbeatRoute(record: (beat: Heartbeat) => Promise<HeartbeatOutcome>): RouteHandler {
  return async (req, res, params) => {
    const token = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
    if (!token)
      return unauthorized(res, `Send the app's token in an "Authorization: Bearer <token>" header. ${GET_A_TOKEN}`);
    let app: string;
    try {
      app = decodeURIComponent(params.id ?? '');
    } catch {
      return sendJson(res, 400, { error: 'bad_request', message: 'The app id in the path is not valid URL encoding.' });
    }
    const body = await readBody(req, MAX_BODY_BYTES);
    if (!body)
      return sendJson(res, 413, {
        error: 'too_large',
        message: `A heartbeat body is at most ${MAX_BODY_BYTES} bytes: send nothing, or {"sandbox": true}.`,
      });
    const sandbox = parseUsage(body.toString('utf8'));
    if (sandbox === undefined)
      return sendJson(res, 400, {
        error: 'bad_request',
        message:
          'The body must be empty, or JSON like {"sandbox": true} ("sandbox": true when this use was in a sandbox with test data).',
      });
    const outcome = await record({ app, token, sandbox });
    if (outcome.kind === 'gone')
      return sendJson(res, 410, {
        error: 'decommissioned',
        message: `"${outcome.appName}" is decommissioned, so it no longer reports use. Stop sending heartbeats, or register it again if it is back in use.`,
      });
    if (outcome.kind === 'unauthorized')
      return unauthorized(
        res,
        `This token is not valid for this app: it is wrong, or it was revoked when a new one was issued. ${GET_A_TOKEN}`,
        'invalid_token',
      );
    res.writeHead(204);
    res.end();
  };
}

function unauthorized(res: ServerResponse, message: string, error?: string): void {
  sendJson(
    res,
    401,
    { error: 'unauthorized', message },
    { 'www-authenticate': `Bearer realm="microapp"${error ? `, error="${error}"` : ''}` },
  );
}

/** `sandbox` from the body; undefined when the body is not empty, `{}` or `{"sandbox": <boolean>}`. */
function parseUsage(body: string): boolean | undefined {
  if (body.trim() === '') return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const { sandbox, ...rest } = parsed as { sandbox?: unknown };
  if (Object.keys(rest).length > 0 || (sandbox !== undefined && typeof sandbox !== 'boolean')) return undefined;
  return sandbox === true;
}
