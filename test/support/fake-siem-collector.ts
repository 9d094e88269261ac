import type { SiemRecord } from '../../src/domain/siem-record';
/**
 * A small local stand-in for the HTTP collectors the SIEM sink posts to, after their documented
 * request shapes: Splunk HEC (POST /services/collector/event, `Authorization: Splunk <token>`, event
 * objects one after another), Elasticsearch `_bulk` (NDJSON action and document lines,
 * `Authorization: ApiKey`, a 200 answer with `errors` and per-item `status`), Datadog logs intake v2
 * (POST /api/v2/logs, a JSON array, `DD-API-KEY`, 202 when accepted). It records every request and
 * answers what `answer` says (200 `{}` by default).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the sink made, with the status it was answered. */
export interface CollectorRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  status: number;
}

/** How the collector answers one request. */
export interface CollectorAnswer {
  status: number;
  body?: string;
}

/** A running fake collector. */
export interface FakeSiemCollector {
  url: string;
  requests: CollectorRequest[];
  /** Decides each answer from the request (its number from 1, and its body). */
  answer: (request: { n: number; path: string; body: string }) => CollectorAnswer;
  close(): Promise<void>;
}

/** Starts a fake collector on 127.0.0.1. */
export async function startFakeSiemCollector(): Promise<FakeSiemCollector> {
  const collector: FakeSiemCollector = {
    url: '',
    requests: [],
    answer: () => ({ status: 200, body: '{}' }),
    close: async () => undefined,
  };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const answer = collector.answer({ n: collector.requests.length + 1, path, body });
      collector.requests.push({ method: req.method ?? '', path, headers: req.headers, body, status: answer.status });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(answer.body ?? '{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  collector.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  collector.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return collector;
}

/** The records the collector acknowledged (2xx) from NDJSON bodies, in the order it received them. */
export function acknowledged(collector: FakeSiemCollector): SiemRecord[] {
  return collector.requests
    .filter((r) => r.status < 300)
    .flatMap((r) =>
      r.body
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as SiemRecord),
    );
}
