import { hostname } from 'node:os';
import type { SiemHttpFormat } from '../config/siem-settings';
import { echo } from '../domain/safe-text';
import type { SiemRecord } from '../domain/siem-record';
import { siemLine } from '../domain/siem-record';
import type { SiemSink } from '../ports/siem-sink';

/** The path each format posts to when SIEM_HTTP_URL names only the host. */
const DEFAULT_PATHS: Record<SiemHttpFormat, string> = {
  splunk: '/services/collector/event',
  elastic: '/microapp-audit/_bulk',
  datadog: '/api/v2/logs',
  json: '/',
};

/** One request to the collector: its URL, headers and body. */
export interface SiemRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** The URL a format posts to: `url` as given, or with the format's usual path when it has none. */
export function siemEndpoint(url: string, format: SiemHttpFormat): string {
  const parsed = new URL(url);
  if (parsed.pathname === '/' || parsed.pathname === '') parsed.pathname = DEFAULT_PATHS[format];
  return parsed.toString();
}

/** Datadog's tags for an event: `key:value` pairs, commas taken out of values. */
function datadogTags(r: SiemRecord): string {
  const tags: [string, string | number][] = [
    ['action', r.action],
    ['outcome', r.outcome],
  ];
  if (r.app) tags.push(['app_id', r.app.id], ['app_tier', r.app.tier], ['app_owner', r.app.owner]);
  return tags.map(([k, v]) => `${k}:${String(v).replace(/[,\s]+/g, '_')}`).join(',');
}

/**
 * The request that sends `records` in `format`: Splunk HEC (event objects one after another,
 * `Authorization: Splunk`), Elasticsearch `_bulk` (NDJSON `create` actions keyed by the event id,
 * `Authorization: ApiKey`), Datadog logs intake v2 (a JSON array, `DD-API-KEY`), or plain NDJSON
 * (`Authorization: Bearer`).
 */
export function siemRequest(format: SiemHttpFormat, url: string, token: string, records: SiemRecord[]): SiemRequest {
  const endpoint = siemEndpoint(url, format);
  switch (format) {
    case 'splunk':
      return {
        url: endpoint,
        headers: { authorization: `Splunk ${token}`, 'content-type': 'application/json' },
        body: records
          .map((r) =>
            JSON.stringify({
              time: Date.parse(r.at) / 1000,
              sourcetype: 'microapp:audit',
              source: 'microapp-bot',
              event: r,
            }),
          )
          .join('\n'),
      };
    case 'elastic':
      return {
        url: endpoint,
        headers: { authorization: `ApiKey ${token}`, 'content-type': 'application/x-ndjson' },
        body: records
          .map((r) => `${JSON.stringify({ create: { _id: r.id } })}\n${JSON.stringify({ ...r, '@timestamp': r.at })}\n`)
          .join(''),
      };
    case 'datadog':
      return {
        url: endpoint,
        headers: { 'dd-api-key': token, 'content-type': 'application/json' },
        body: JSON.stringify(
          records.map((r) => ({
            ddsource: 'microapp-bot',
            service: 'microapp-bot',
            ddtags: datadogTags(r),
            hostname: hostname(),
            message: siemLine(r),
            date: r.at,
          })),
        ),
      };
    case 'json':
      return {
        url: endpoint,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body: records.map((r) => `${siemLine(r)}\n`).join(''),
      };
  }
}

/** An answer's text as one short line, safe to keep and show. */
function snippet(text: string): string {
  return echo(text.trim(), 200);
}

/** Why fetch could not connect: the system's code (ECONNREFUSED, ENOTFOUND…) when there is one. */
function networkReason(error: unknown): string {
  type Failure = { code?: string; message?: string; errors?: Failure[] };
  const cause = ((error as { cause?: unknown }).cause ?? error) as Failure;
  return cause.code ?? cause.errors?.[0]?.code ?? (cause.message || String(error));
}

/** Elasticsearch answers 200 even when documents failed: every item must be created, or exist already (409: sent before). */
function elasticFailure(text: string): string | undefined {
  let answer: {
    errors?: boolean;
    items?: Record<string, { status?: number; error?: { type?: string; reason?: string } }>[];
  };
  try {
    answer = JSON.parse(text);
  } catch {
    return 'the answer is not the JSON _bulk returns; check that SIEM_HTTP_URL ends in /<index>/_bulk';
  }
  if (!answer.errors) return undefined;
  for (const item of answer.items ?? []) {
    const result = Object.values(item)[0];
    if (result && result.status !== 409 && (result.status ?? 500) >= 300)
      return `a document was refused (${result.status} ${snippet(`${result.error?.type ?? ''}: ${result.error?.reason ?? ''}`)})`;
  }
  return undefined;
}

/**
 * Posts batches to an HTTP collector; a batch counts as acknowledged on a 2xx answer (for
 * Elasticsearch, only when every document was created or was there already). A failure names the
 * status and the start of the answer, never the token.
 */
export function httpSink(options: {
  url: string;
  token: string;
  format: SiemHttpFormat;
  timeoutMs?: number;
}): SiemSink {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const where = new URL(options.url).host;
  return {
    name: 'http',
    async send(records) {
      const request = siemRequest(options.format, options.url, options.token, records);
      let response: Response;
      try {
        response = await fetch(request.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        if ((error as Error).name === 'TimeoutError')
          throw new Error(`the SIEM at ${where} did not answer in ${timeoutMs / 1000} s`, { cause: error });
        throw new Error(`the SIEM at ${where} could not be reached (${snippet(networkReason(error))})`, {
          cause: error,
        });
      }
      const text = await response.text().catch(() => '');
      if (response.status >= 300 && response.status < 400)
        throw new Error(
          `the SIEM at ${where} answered ${response.status}, a redirect: set SIEM_HTTP_URL to the address it points to${response.headers.get('location') ? ` (${snippet(response.headers.get('location')!)})` : ''}`,
        );
      if (!response.ok)
        throw new Error(
          `the SIEM at ${where} answered ${response.status} ${snippet(response.statusText)}: ${snippet(text)}${response.status === 401 || response.status === 403 ? ' (check SIEM_HTTP_TOKEN and SIEM_HTTP_FORMAT)' : ''}`,
        );
      const refused = options.format === 'elastic' ? elasticFailure(text) : undefined;
      if (refused) throw new Error(`the SIEM at ${where}: ${refused}`);
    },
    async close() {},
  };
}
