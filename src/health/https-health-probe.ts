import { lookup as dnsLookup } from 'node:dns/promises';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { isIP } from 'node:net';
import type { SecureContext } from 'node:tls';
import { createSecureContext, rootCertificates } from 'node:tls';
import type { ProbeResult } from '../domain/app-health';
import type { HealthProbe } from '../ports/health-probe';
import { METADATA_HOSTS, refusedAddress } from './refused-address';

/** A health check's whole time, from the name lookup to the last byte. */
export const HEALTH_TIMEOUT_MS = 5000;
/** The most of an answer a health check reads. */
export const HEALTH_BODY_CAP = 64 * 1024;
/** Redirects a health check follows, each checked like the first address. */
export const HEALTH_MAX_REDIRECTS = 3;

/** An address a name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** What the https probe is built from; everything but the allow-list has a default. */
export interface HttpsHealthProbeOptions {
  /** Host names and addresses (lower case) it may reach though they are private, loopback or link-local. */
  allowedHosts: readonly string[];
  /** Every address a host name resolves to; the system resolver by default. */
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
  /** Certificates to trust besides the usual ones (PEM), for tests. */
  ca?: string | Buffer;
  timeoutMs?: number;
  bodyCap?: number;
  maxRedirects?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const UNTRUSTED = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

type Hop = { kind: 'redirect'; location: string } | ProbeResult;

class Refusal extends Error {}

/**
 * A health probe over node:https: https only; the host resolved first and every address it resolves to
 * vetted (see `refusedAddress`) unless the host or address is allow-listed; the connection pinned to
 * the vetted address, so a second lookup cannot switch it; up to three redirects, each vetted the same
 * way; five seconds in all, including a server that answers byte by byte; at most 64 KB read.
 */
export function createHttpsHealthProbe(options: HttpsHealthProbeOptions): HealthProbe {
  const allowed = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
  const resolve =
    options.resolve ??
    (async (host: string) => (await dnsLookup(host, { all: true, verbatim: true })) as ResolvedAddress[]);
  const timeoutMs = options.timeoutMs ?? HEALTH_TIMEOUT_MS;
  const bodyCap = options.bodyCap ?? HEALTH_BODY_CAP;
  const maxRedirects = options.maxRedirects ?? HEALTH_MAX_REDIRECTS;
  // One context for every check: building one per request would parse every root certificate each time.
  const secureContext: SecureContext | undefined = options.ca
    ? createSecureContext({ ca: [...rootCertificates, options.ca.toString()] })
    : undefined;

  async function vet(url: URL, redirected: boolean): Promise<ResolvedAddress> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    const lead = redirected ? `it redirected to ${host}, which` : isIP(host) ? 'its address' : `its host ${host}`;
    if (url.protocol !== 'https:')
      throw new Refusal(
        redirected
          ? `it redirected to ${url.protocol.replace(':', '')}://${host}, not https; health checks use https only`
          : 'it is not an https address; declare an https health endpoint',
      );
    if (allowed.has(host)) return (await lookUp(host))[0]!;
    if (METADATA_HOSTS.has(host)) throw new Refusal(`${lead} is a cloud metadata service, which is never checked`);
    const addresses = await lookUp(host);
    for (const { address } of addresses) {
      if (allowed.has(address.toLowerCase())) continue;
      const words = refusedAddress(address);
      if (words)
        throw new Refusal(
          `${lead} ${isIP(host) ? 'is' : 'resolves to'} ${words} (${address}); list the host in HEALTH_CHECK_ALLOWED_HOSTS if it is internal`,
        );
    }
    return addresses[0]!;
  }

  async function lookUp(host: string): Promise<ResolvedAddress[]> {
    const family = isIP(host);
    if (family !== 0) return [{ address: host, family }];
    let addresses: ResolvedAddress[];
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw new Refusal(`its host name ${host} does not resolve (${(error as { code?: string }).code ?? 'no answer'})`);
    }
    if (addresses.length === 0) throw new Refusal(`its host name ${host} does not resolve`);
    return addresses;
  }

  function get(url: URL, pinned: ResolvedAddress, signal: AbortSignal, started: number): Promise<Hop> {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const lookup: LookupFunction = (_name, opts, callback) => {
      if (opts.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, [pinned]);
      else callback(null, pinned.address, pinned.family);
    };
    return new Promise<Hop>((settle) => {
      const ms = () => performance.now() - started;
      const req = request({
        host,
        port: url.port || 443,
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: { accept: 'application/json', 'user-agent': 'microapp-bot health check' },
        lookup,
        agent: false,
        signal,
        ...(isIP(host) === 0 && { servername: host }),
        ...(secureContext && { secureContext }),
      });
      req.on('error', (error) => settle({ kind: 'failed', reason: networkReason(error, host), ms: ms() }));
      req.on('response', (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (REDIRECTS.has(status) && location) {
          res.destroy();
          settle({ kind: 'redirect', location });
          return;
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > bodyCap) {
            res.destroy();
            req.destroy();
            settle({ kind: 'failed', reason: `answered with more than ${Math.round(bodyCap / 1024)} KB`, ms: ms() });
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          settle({ kind: 'answered', statusCode: status, body: Buffer.concat(chunks).toString('utf8'), ms: ms() }),
        );
        res.on('error', (error) => settle({ kind: 'failed', reason: networkReason(error, host), ms: ms() }));
      });
      req.end();
    });
  }

  async function follow(url: string, signal: AbortSignal, started: number): Promise<ProbeResult> {
    const ms = () => performance.now() - started;
    let current: URL;
    try {
      current = new URL(url);
    } catch {
      return { kind: 'failed', reason: 'is not a valid address; declare an https URL', ms: ms() };
    }
    for (let hop = 0; ; hop++) {
      let pinned: ResolvedAddress;
      try {
        pinned = await vet(current, hop > 0);
      } catch (error) {
        if (error instanceof Refusal) return { kind: 'failed', reason: error.message, ms: ms() };
        throw error;
      }
      if (signal.aborted) return { kind: 'failed', reason: 'was stopped', ms: ms() };
      const answer = await get(current, pinned, signal, started);
      if (answer.kind !== 'redirect') return answer;
      if (hop >= maxRedirects)
        return { kind: 'failed', reason: `redirected more than ${maxRedirects} times`, ms: ms() };
      try {
        current = new URL(answer.location, current);
      } catch {
        return { kind: 'failed', reason: 'redirected to an address that is not valid', ms: ms() };
      }
    }
  }

  return {
    async check(url, outer) {
      const started = performance.now();
      const stop = new AbortController();
      const onOuter = () => stop.abort();
      outer?.addEventListener('abort', onOuter, { once: true });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<ProbeResult>((settle) => {
        timer = setTimeout(() => {
          stop.abort();
          settle({
            kind: 'failed',
            reason: `took longer than ${timeoutMs / 1000} seconds`,
            ms: performance.now() - started,
          });
        }, timeoutMs);
      });
      try {
        return await Promise.race([
          follow(url, stop.signal, started).catch(
            (error: Error): ProbeResult => ({
              kind: 'failed',
              reason: `could not be called (${error.message})`,
              ms: performance.now() - started,
            }),
          ),
          timedOut,
        ]);
      } finally {
        clearTimeout(timer);
        stop.abort();
        outer?.removeEventListener('abort', onOuter);
      }
    },
  };
}

/** A failed connection or TLS handshake in plain words. */
function networkReason(error: Error & { code?: string }, host: string): string {
  const code = error.code ?? '';
  if (UNTRUSTED.has(code)) return 'the certificate is not trusted';
  if (code === 'CERT_HAS_EXPIRED') return 'the certificate has expired';
  if (code === 'CERT_NOT_YET_VALID') return 'the certificate is not valid yet';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `the certificate is not for ${host}`;
  if (code === 'ECONNREFUSED') return 'refused the connection (is the app running?)';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET') return 'closed the connection before answering';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'cannot be reached from here';
  if (code === 'ABORT_ERR') return 'was stopped';
  if (code.startsWith('ERR_SSL') || code === 'EPROTO') return `the TLS handshake failed (${code})`;
  return `could not be reached (${code || error.message})`;
}
