/**
 * A small local OIDC issuer standing in for GitHub Actions' and GitLab CI's token services, as
 * their documentation describes them: `/.well-known/openid-configuration` names the `issuer` and
 * `jwks_uri`; the JWKS lists RSA public keys by `kid`; ID tokens are RS256 JWTs carrying `iss`,
 * `aud`, `sub`, `jti`, `iat`, `nbf`, `exp` and the provider's claims (GitHub: `repository`,
 * `repository_owner_id`; GitLab: `project_path`, `namespace_id`). It also plays GitHub Actions'
 * token request endpoint (ACTIONS_ID_TOKEN_REQUEST_URL): `GET …&audience=AUD` with
 * `Authorization: Bearer <ACTIONS_ID_TOKEN_REQUEST_TOKEN>` answers `{ "value": "<JWT for AUD>" }`.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>;

/** How a token is signed: by the issuer's published key (default), a key it never published, or HS256/none. */
export interface SignOptions {
  /** When the token is issued; its `exp` is 5 minutes later unless `lifetimeS` says otherwise. */
  at: Date;
  lifetimeS?: number;
  signer?: 'issuer' | 'stranger' | 'hs256' | 'none';
}

/** What the token request endpoint puts in the tokens it issues to a job. */
export interface JobIdentity {
  bearer: string;
  claims: Record<string, unknown>;
  at: () => Date;
}

/** A running fake issuer: its URL, the requests it saw, and a signer for tokens. */
export interface FakeOidcIssuer {
  url: string;
  /** ACTIONS_ID_TOKEN_REQUEST_URL for the job `job` describes (pass it to `startFakeOidcIssuer`). */
  requestUrl: string;
  /** Paths requested, in order. */
  requests: string[];
  sign(claims: Record<string, unknown>, options: SignOptions): Promise<string>;
  close(): Promise<void>;
}

/** Starts an issuer on a loopback port with a fresh RSA key. */
export async function startFakeOidcIssuer(job?: JobIdentity): Promise<FakeOidcIssuer> {
  const published: KeyPair = await generateKeyPair('RS256', { extractable: true });
  const stranger: KeyPair = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(published.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
  const requests: string[] = [];
  let url = '';
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/openid-configuration')
      return send({
        issuer: url,
        jwks_uri: `${url}/.well-known/jwks`,
        response_types_supported: ['id_token'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    if (req.url === '/.well-known/jwks') return send({ keys: [jwk] });
    const asked = new URL(req.url ?? '/', url);
    if (job && asked.pathname === '/actions-token') {
      const audience = asked.searchParams.get('audience');
      if (req.headers.authorization !== `Bearer ${job.bearer}` || !audience) return void res.writeHead(401).end();
      return void sign({ ...job.claims, aud: audience }, { at: job.at() }).then((value) => send({ count: 1, value }));
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function sign(claims: Record<string, unknown>, { at, lifetimeS = 300, signer = 'issuer' }: SignOptions) {
    const iat = Math.floor(at.getTime() / 1000);
    const payload = { iss: url, jti: randomUUID(), iat, nbf: iat - 5, exp: iat + lifetimeS, ...claims };
    if (signer === 'none') {
      const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
      return `${part({ alg: 'none', typ: 'JWT' })}.${part(payload)}.`;
    }
    if (signer === 'hs256')
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: 'key-1' })
        .sign(new TextEncoder().encode('a shared secret anyone could guess'));
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: signer === 'issuer' ? 'key-1' : 'key-9' })
      .sign(signer === 'issuer' ? published.privateKey : stranger.privateKey);
  }

  return {
    url,
    requestUrl: `${url}/actions-token?api-version=2.0`,
    requests,
    sign,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
