import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { unusableSetting } from '../domain/errors';
import type { Logger } from '../log/logger';

/** How long shutdown lets open requests finish before it cuts their connections. */
const CLOSE_GRACE_MS = 5_000;

/** Handles one request on a route; `params` holds the `{name}` segments of a pattern route, as sent (still URL-encoded). */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, params: Record<string, string>) => unknown;

/** The bot's one HTTP server: health, and the platform adapters' endpoints. */
export interface HttpServer {
  readonly server: Server;
  /** Routes `method` on `path`: an exact path, or a pattern with `{name}` segments (`/api/v1/apps/{id}/heartbeat`). */
  route(method: string, path: string, handler: RouteHandler): void;
  /** Listens on `port` (0 picks a free one) at `host` (all interfaces when absent) and resolves with the bound port. */
  listen(port: number, host?: string): Promise<number>;
  /**
   * Stops accepting connections, waits for open requests to finish, and closes keep-alive connections
   * as they go idle. After `graceMs` the connections still open (a client sending its body a byte a
   * second) are cut, so shutdown never waits on a slow client.
   */
  close(graceMs?: number): Promise<void>;
  /** Routed requests being handled now (their handler has not finished). */
  inFlight(): number;
}

/**
 * Creates the server with exact-path routing, plus pattern routes with `{name}` segments; unknown
 * paths get 404, wrong methods 405. `answered` hears how long each routed request took to answer
 * (by the route as registered, so a pattern is one series).
 */
export function createHttpServer(logger: Logger, answered?: (path: string, ms: number) => void): HttpServer {
  const routes = new Map<string, Map<string, RouteHandler>>();
  const patterns: { path: string; match: RegExp; names: string[] }[] = [];
  const find = (path: string): { route: string; params: Record<string, string> } | undefined => {
    if (routes.has(path)) return { route: path, params: {} };
    for (const p of patterns) {
      const m = p.match.exec(path);
      if (m) return { route: p.path, params: Object.fromEntries(p.names.map((n, i) => [n, m[i + 1]!])) };
    }
    return undefined;
  };
  let handling = 0;
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const found = find(path);
    if (answered && found) {
      const startedAt = performance.now();
      res.once('finish', () => answered(found.route, performance.now() - startedAt));
    }
    const byMethod = found && routes.get(found.route);
    const handler = byMethod?.get(req.method ?? 'GET');
    try {
      if (!byMethod) return sendJson(res, 404, { error: 'not_found' });
      if (!handler)
        return sendJson(res, 405, { error: 'method_not_allowed' }, { allow: [...byMethod.keys()].join(', ') });
      handling += 1;
      try {
        await handler(req, res, found.params);
      } finally {
        handling -= 1;
      }
    } catch (error) {
      if (clientCaused(error))
        logger.warn('a request ended before it was whole (the client broke its body or went away)', {
          path,
          method: req.method,
          code: (error as NodeJS.ErrnoException).code,
        });
      else logger.error('request failed', { path, method: req.method, error });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
      else res.end();
    }
  });
  server.keepAliveTimeout = 65_000;
  return {
    server,
    inFlight: () => handling,
    route(method, path, handler) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      if (names.length && !routes.has(path)) {
        const source = path
          .split(/\{\w+\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('([^/]+)');
        patterns.push({ path, match: new RegExp(`^${source}$`), names });
      }
      const byMethod = routes.get(path) ?? new Map<string, RouteHandler>();
      byMethod.set(method, handler);
      routes.set(path, byMethod);
    },
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', (error) => reject(listenError(error, port, host)));
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    close: (graceMs = CLOSE_GRACE_MS) =>
      new Promise((resolve) => {
        // A keep-alive connection busy when closing began would stay open until its idle time-out (65 s): close each as soon as it idles.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        const cut = setTimeout(() => {
          logger.warn('requests still open at the shutdown deadline were cut off', { afterMs: graceMs });
          server.closeAllConnections();
        }, graceMs);
        server.close(() => {
          clearInterval(idle);
          clearTimeout(cut);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

const LISTEN_FIXES: Record<string, (port: number, host: string) => string> = {
  EADDRINUSE: (port, host) =>
    `PORT ${port} is already in use on ${host}: stop the other program using it, or set PORT to a free port.`,
  EACCES: (port) =>
    `PORT ${port} needs administrator rights on this machine: set PORT to 1024 or above (and put a proxy in front for 80/443).`,
  EADDRNOTAVAIL: (_port, host) =>
    `HOST ${host} is not an address of this machine: set HOST to one of its addresses, or leave it unset for all interfaces.`,
  ENOTFOUND: (_port, host) =>
    `HOST ${host} does not resolve: set HOST to an address of this machine, or leave it unset for all interfaces.`,
};

function listenError(error: NodeJS.ErrnoException, port: number, host: string | undefined): unknown {
  const fix = LISTEN_FIXES[error.code ?? ''];
  return fix ? unusableSetting(fix(port, host ?? 'all interfaces'), error) : error;
}

/** Failures the client caused (a broken or cut-off body, a dropped connection): worth a warning, not an error. */
function clientCaused(error: unknown): boolean {
  const code = String((error as NodeJS.ErrnoException | undefined)?.code ?? '');
  return (
    ['ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code) ||
    code.startsWith('HPE_') ||
    (error instanceof Error && error.message === 'aborted')
  );
}

/** Sends a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
