import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../read-body';
import { sendProblem } from './problem';

/**
 * A request's JSON body, or undefined once a problem was sent: 415 when it is not JSON by its
 * content type, 413 past `maxBytes`, 400 when it does not parse (or nests too deep to).
 */
export async function readJson(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    sendProblem(res, 415, {
      code: 'unsupported_media_type',
      title: 'The body must be JSON',
      detail: `Send the body as JSON with "Content-Type: application/json"${type ? ` (it was ${type.slice(0, 60)})` : ''}.`,
    });
    return undefined;
  }
  const body = await readBody(req, maxBytes);
  if (!body) {
    sendProblem(res, 413, {
      code: 'too_large',
      title: 'The body is too large',
      detail: `A body here is at most ${Math.round(maxBytes / 1024 / 1024) || 1} MB${maxBytes < 1024 * 1024 ? ` (${Math.round(maxBytes / 1024)} KB)` : ''}: send the manifest alone, and an SBOM of this app only.`,
    });
    return undefined;
  }
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (error) {
    sendProblem(res, 400, {
      code: 'bad_json',
      title: 'The body is not valid JSON',
      detail:
        error instanceof RangeError
          ? 'The JSON nests too deeply to read.'
          : `The body is not valid JSON (${(error as Error).message.slice(0, 100)}): check it with a JSON linter.`,
    });
    return undefined;
  }
}
