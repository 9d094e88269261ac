import type { IncomingMessage } from 'node:http';

/**
 * Where a request came from, for limits kept per address: the socket's peer, or, behind
 * `trustedHops` proxies that each append to X-Forwarded-For the address they received the request
 * from, the address the outermost of them saw. Entries further left were written by whoever sent
 * the request and are never taken.
 */
export function clientAddress(req: IncomingMessage, trustedHops: number): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustedHops === 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return chain[Math.max(0, chain.length - 1 - trustedHops)]!;
}
