import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log/logger';

/** Handles one request on a route. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** The bot's one HTTP server: health, and the platform adapters' endpoints. */
export interface HttpServer {
  readonly server: Server;
  route(method: string, path: string, handler: RouteHandler): void;
  /** Listens on `port` (0 picks a free one) and resolves with the bound port. */
  listen(port: number): Promise<number>;
  /** Stops accepting connections, waits for open requests to finish, and closes keep-alive connections as they go idle. */
  close(): Promise<void>;
}

/** Creates the server with exact-path routing; unknown paths get 404, wrong methods 405. */
export function createHttpServer(logger: Logger): HttpServer {
  const routes = new Map<string, Map<string, RouteHandler>>();
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const byMethod = routes.get(path);
    const handler = byMethod?.get(req.method ?? 'GET');
    try {
      if (!byMethod) return sendJson(res, 404, { error: 'not_found' });
      if (!handler) return sendJson(res, 405, { error: 'method_not_allowed' }, { allow: [...byMethod.keys()].join(', ') });
      await handler(req, res);
    } catch (error) {
      logger.error('request failed', { path, method: req.method, error });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal' });
      else res.end();
    }
  });
  server.keepAliveTimeout = 65_000;
  return {
    server,
    route(method, path, handler) {
      const byMethod = routes.get(path) ?? new Map<string, RouteHandler>();
      byMethod.set(method, handler);
      routes.set(path, byMethod);
    },
    listen: (port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, () => resolve((server.address() as AddressInfo).port));
      }),
    close: () =>
      new Promise((resolve) => {
        // A keep-alive connection busy when closing began would stay open until its idle time-out (65 s): close each as soon as it idles.
        const idle = setInterval(() => server.closeIdleConnections(), 50);
        server.close(() => {
          clearInterval(idle);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

/** Sends a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}
