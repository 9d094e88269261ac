/**
 * A small local OpenID Connect provider, after OpenID Connect Core 1.0 and Discovery 1.0 with PKCE
 * (RFC 7636): `/.well-known/openid-configuration`, a JWKS at `/jwks`, `/authorize` (signs the
 * configured person in at once and redirects back with a code and the state) and `/token`
 * (client_secret_basic, checks the code, redirect_uri and the S256 code verifier, and returns an ID
 * token signed with a key made by jose). Tests bend the next ID token to check every refusal.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

/** Who `/authorize` signs in, and how the next ID token is bent. */
export interface FakeIdentity {
  email?: string;
  emailVerified?: boolean;
  /** Overrides of the ID token's claims (`iss`, `aud`, `nonce`); `expiresInS` below 0 makes it expired. */
  iss?: string;
  aud?: string;
  nonce?: string;
  expiresInS?: number;
  /** Signs with a key the JWKS does not hold. */
  foreignKey?: boolean;
}

/** Starts the provider on a free loopback port; `now` is the provider's clock (the bot's, in tests). */
export async function startFakeOidc(options: { clientId: string; clientSecret: string; now: () => Date }) {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const foreign = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; method: string; nonce: string; redirectUri: string }>();
  const state = { identity: { email: 'admin@example.com' } as FakeIdentity, tokenRequests: 0 };
  let serial = 0;
  let url = '';

  const server = createServer(async (req, res) => {
    const at = new URL(req.url ?? '/', url);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (at.pathname === '/.well-known/openid-configuration')
      return json(200, {
        issuer: url,
        authorization_endpoint: `${url}/authorize`,
        token_endpoint: `${url}/token`,
        jwks_uri: `${url}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic'],
      });
    if (at.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (at.pathname === '/authorize') {
      const q = at.searchParams;
      if (q.get('client_id') !== options.clientId || q.get('response_type') !== 'code')
        return json(400, { error: 'invalid_request' });
      const code = `code-${++serial}`;
      codes.set(code, {
        challenge: q.get('code_challenge') ?? '',
        method: q.get('code_challenge_method') ?? '',
        nonce: q.get('nonce') ?? '',
        redirectUri: q.get('redirect_uri') ?? '',
      });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      res.writeHead(302, { location: back.toString() });
      return res.end();
    }
    if (at.pathname === '/token' && req.method === 'POST') {
      state.tokenRequests++;
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const basic = `Basic ${Buffer.from(`${options.clientId}:${options.clientSecret}`).toString('base64')}`;
      if (req.headers.authorization !== basic) return json(401, { error: 'invalid_client' });
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier') ?? '';
      if (
        grant?.method !== 'S256' ||
        createHash('sha256').update(verifier).digest('base64url') !== grant.challenge ||
        grant.redirectUri !== form.get('redirect_uri')
      )
        return json(400, { error: 'invalid_grant' });
      const id = state.identity;
      const now = Math.floor(options.now().getTime() / 1000);
      const claims: Record<string, unknown> = { nonce: id.nonce ?? grant.nonce, sub: `sub-${id.email}` };
      if (id.email !== undefined) claims.email = id.email;
      if (id.emailVerified !== undefined) claims.email_verified = id.emailVerified;
      const idToken = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
        .setIssuer(id.iss ?? url)
        .setAudience(id.aud ?? options.clientId)
        .setIssuedAt(now)
        .setExpirationTime(now + (id.expiresInS ?? 300))
        .sign(id.foreignKey ? foreign.privateKey : privateKey);
      return json(200, { access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken });
    }
    json(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** How many code exchanges were asked for. */
    tokenRequests: () => state.tokenRequests,
    /** Who the next sign-in is, and how its ID token is bent. */
    signInAs(identity: FakeIdentity) {
      state.identity = identity;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
