import { createHash, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../log/logger';
import type { RouteHandler } from './http-server';
import { sendJson } from './http-server';

/** What the route serves: Prometheus text and its content type. */
export interface MetricsSource {
  readonly contentType: string;
  scrape(): Promise<string>;
}

/**
 * `GET /metrics` in the Prometheus text format. With a token, only requests carrying
 * `Authorization: Bearer <token>` are answered (401 otherwise). 503 when the database cannot be read.
 */
export function metricsRoute(deps: { metrics: MetricsSource; token?: string; logger: Logger }): RouteHandler {
  const expected = deps.token && digest(deps.token);
  return async (req, res) => {
    if (expected) {
      const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
      if (!given || !timingSafeEqual(digest(given), expected)) {
        sendJson(
          res,
          401,
          {
            error: 'unauthorized',
            fix: 'Send the METRICS_TOKEN as "Authorization: Bearer <token>" (Prometheus: authorization.credentials).',
          },
          { 'www-authenticate': 'Bearer' },
        );
        return;
      }
    }
    let text: string;
    try {
      text = await deps.metrics.scrape();
    } catch (error) {
      deps.logger.warn('metrics could not be read from the database', { error });
      sendJson(res, 503, { error: 'database_unreachable' });
      return;
    }
    res.writeHead(200, { 'content-type': deps.metrics.contentType, 'content-length': Buffer.byteLength(text) });
    res.end(text);
  };
}

/** Equal-length digests, so the comparison takes the same time whatever was sent. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
