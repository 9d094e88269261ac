import type { IncomingMessage } from 'node:http';
import { clientAddress } from '../../src/http/client-address';

const request = (peer: string, forwarded?: string | string[]) =>
  ({ socket: { remoteAddress: peer }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as IncomingMessage;

describe('the client address of a request', () => {
  test('with no trusted proxy it is the peer, and X-Forwarded-For is not believed', () => {
    expect(clientAddress(request('10.0.0.5', '203.0.113.7'), 0)).toBe('10.0.0.5');
  });

  test('behind trusted proxies it is the address the outermost one saw; entries the client wrote are skipped', () => {
    expect(clientAddress(request('10.0.0.5', '203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.5', '1.2.3.4, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.6', '1.2.3.4, 203.0.113.7, 10.0.0.5'), 2)).toBe('203.0.113.7');
    expect(clientAddress(request('10.0.0.6', ['1.2.3.4, 203.0.113.7', '10.0.0.5']), 2)).toBe('203.0.113.7');
  });

  test('a request with fewer hops than trusted (it bypassed a proxy) falls back to the leftmost address', () => {
    expect(clientAddress(request('203.0.113.9'), 1)).toBe('203.0.113.9');
    expect(clientAddress(request('10.0.0.5', '203.0.113.7'), 3)).toBe('203.0.113.7');
  });
});
