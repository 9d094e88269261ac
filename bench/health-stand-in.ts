import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A self-signed certificate for localhost, 127.0.0.1 and pinned.test (a name no resolver knows), valid one day, made with openssl. */
export interface ThrowawayCertificate {
  key: string;
  cert: string;
  /** The certificate as a file, for NODE_EXTRA_CA_CERTS. */
  certFile: string;
  remove(): void;
}

/** Makes a throwaway EC P-256 certificate in a temp folder (openssl must be on the PATH). */
export function throwawayCertificate(): ThrowawayCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'microapp-cert-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,DNS:pinned.test,IP:127.0.0.1',
      '-days',
      '1',
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(keyFile, 'utf8'),
    cert: readFileSync(certFile, 'utf8'),
    certFile,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** An HTTPS server on 127.0.0.1 standing in for apps' health endpoints. */
export interface HealthStandIn {
  port: number;
  /** https://127.0.0.1:<port><path> */
  url(path: string): string;
  /** Requests answered or started so far. */
  requests(): number;
  /** The most requests open at once so far. */
  peakOpen(): number;
  close(): Promise<void>;
}

/** Every path answers `{"status":"ok"}` unless `handle` answers otherwise. */
export async function startHealthStandIn(
  certificate: Pick<ThrowawayCertificate, 'key' | 'cert'>,
  handle?: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<HealthStandIn> {
  let requests = 0;
  let open = 0;
  let peak = 0;
  const server = createServer({ key: certificate.key, cert: certificate.cert }, (req, res) => {
    requests++;
    open++;
    peak = Math.max(peak, open);
    res.on('close', () => open--);
    if (handle) return handle(req, res);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (path) => `https://127.0.0.1:${port}${path}`,
    requests: () => requests,
    peakOpen: () => peak,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
