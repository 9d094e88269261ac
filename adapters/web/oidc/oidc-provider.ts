import { createHash } from 'node:crypto';
import type { JWTVerifyGetKey } from 'jose';
import { createRemoteJWKSet, errors, jwtVerify } from 'jose';
import type { OidcConfig } from '../../../src/config/config-shape';
import type { Clock } from '../../../src/ports/clock';
import { SignInRefused } from './sign-in-refused';

/** How long the discovery document (and its key set) is kept before it is read again. */
const DISCOVERY_MS = 60 * 60_000;
/** How long a call to the provider may take. */
const CALL_MS = 10_000;
/** Leeway for the provider's and the bot's clocks on `exp` and `iat`. */
const CLOCK_TOLERANCE_S = 60;

/** The parts of a provider's discovery document the sign-in uses. */
interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_methods_supported?: string[];
}

/** One sign-in's secrets, from which state, nonce and the PKCE verifier derive. */
export interface FlowSecrets {
  state: string;
  nonce: string;
  verifier: string;
}

/** An OpenID Connect provider: discovery, the authorization request (code flow with PKCE S256) and the code exchange. */
export interface OidcProvider {
  /** A short name for the sign-in button (Microsoft, Google, Okta, Slack, else the issuer's host). */
  readonly name: string;
  /** Where to send the browser to sign in. */
  authorizationUrl(flow: FlowSecrets, redirectUri: string): Promise<string>;
  /** Exchanges the code and verifies the ID token (issuer, audience, nonce, expiry, signature); the verified email. */
  emailFor(code: string, flow: FlowSecrets, redirectUri: string): Promise<string>;
}

/** Derives a sign-in's state, nonce and PKCE verifier from the one secret its cookie holds. */
export function flowSecrets(secret: string): FlowSecrets {
  const derive = (label: string) => createHash('sha256').update(`${label}\0${secret}`).digest('base64url');
  return { state: derive('state'), nonce: derive('nonce'), verifier: derive('pkce') };
}

/** The provider's display name, from its issuer's host. */
export function providerName(issuer: string): string {
  const host = new URL(issuer).hostname;
  if (host === 'login.microsoftonline.com' || host.endsWith('.microsoftonline.com')) return 'Microsoft';
  if (host === 'accounts.google.com') return 'Google';
  if (host.endsWith('.okta.com') || host.endsWith('.oktapreview.com')) return 'Okta';
  if (host === 'slack.com') return 'Slack';
  return host;
}

/** The provider `config` names, its discovery document read on first use and every hour after. */
export function createOidcProvider(config: OidcConfig, clock: Clock): OidcProvider {
  const issuer = config.issuer.replace(/\/+$/, '');
  let cached: { at: number; doc: Discovery; keys: JWTVerifyGetKey } | undefined;
  const discover = async () => {
    if (cached && clock.now().getTime() - cached.at < DISCOVERY_MS) return cached;
    const url = `${issuer}/.well-known/openid-configuration`;
    const doc = (await call(url, { signal: AbortSignal.timeout(CALL_MS) }, 'its discovery document')) as Discovery;
    for (const key of ['issuer', 'authorization_endpoint', 'token_endpoint', 'jwks_uri'] as const)
      if (typeof doc[key] !== 'string')
        throw new SignInRefused(`The sign-in provider's discovery document (${url}) has no ${key}.`, true);
    if (doc.issuer.replace(/\/+$/, '') !== issuer)
      throw new SignInRefused(
        `The sign-in provider calls itself ${doc.issuer}, not ${config.issuer}: set OIDC_ISSUER to its issuer exactly.`,
        true,
      );
    cached = { at: clock.now().getTime(), doc, keys: createRemoteJWKSet(new URL(doc.jwks_uri)) };
    return cached;
  };

  return {
    name: providerName(config.issuer),
    async authorizationUrl(flow, redirectUri) {
      const { doc } = await discover();
      const url = new URL(doc.authorization_endpoint);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: createHash('sha256').update(flow.verifier).digest('base64url'),
        code_challenge_method: 'S256',
      }).toString();
      return url.toString();
    },
    async emailFor(code, flow, redirectUri) {
      const { doc, keys } = await discover();
      const form = new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: flow.verifier,
      });
      const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
      const methods = doc.token_endpoint_auth_methods_supported;
      if (methods && !methods.includes('client_secret_basic') && methods.includes('client_secret_post')) {
        form.set('client_id', config.clientId);
        form.set('client_secret', config.clientSecret);
      } else {
        headers.authorization = `Basic ${Buffer.from(`${formEncode(config.clientId)}:${formEncode(config.clientSecret)}`).toString('base64')}`;
      }
      const tokens = (await call(
        doc.token_endpoint,
        { method: 'POST', headers, body: form.toString(), signal: AbortSignal.timeout(CALL_MS) },
        'its token endpoint',
      )) as { id_token?: unknown };
      if (typeof tokens.id_token !== 'string')
        throw new SignInRefused(
          'The sign-in provider sent no ID token: check that the "openid" scope is allowed.',
          true,
        );
      let claims: Record<string, unknown>;
      try {
        ({ payload: claims } = await jwtVerify(tokens.id_token, keys, {
          issuer: doc.issuer,
          audience: config.clientId,
          currentDate: clock.now(),
          clockTolerance: CLOCK_TOLERANCE_S,
          requiredClaims: ['exp', 'iat'],
        }));
      } catch (error) {
        throw new SignInRefused(idTokenProblem(error), false, { cause: error });
      }
      if (claims.nonce !== flow.nonce)
        throw new SignInRefused(
          'The sign-in answer does not belong to this sign-in (its nonce differs). Sign in again.',
        );
      if (typeof claims.email !== 'string' || !claims.email.includes('@'))
        throw new SignInRefused(
          'The sign-in provider did not say your email address, which the dashboard signs people in by. Ask the operator to allow the "email" claim, or use a link from the bot in Slack or Teams.',
          true,
        );
      if (claims.email_verified === false)
        throw new SignInRefused(
          `The sign-in provider has not verified ${claims.email}. Verify your email address there, or use a link from the bot in Slack or Teams.`,
        );
      return claims.email.toLowerCase();
    },
  };
}

/** RFC 6749 2.3.1: client id and secret are form-encoded before Basic authentication. */
function formEncode(text: string): string {
  return encodeURIComponent(text).replace(/%20/g, '+');
}

async function call(url: string, init: RequestInit, what: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(url, init);
  } catch (error) {
    throw new SignInRefused(`The sign-in provider could not be reached (${what}). Try again in a minute.`, true, {
      cause: error,
    });
  }
  const text = await res.text();
  if (!res.ok) {
    const detail = safeJson(text) as { error?: string; error_description?: string } | undefined;
    throw new SignInRefused(
      `The sign-in provider refused the request to ${what} (HTTP ${res.status}${detail?.error ? `: ${detail.error}` : ''}). ${detail?.error === 'invalid_client' ? 'Check OIDC_CLIENT_ID and OIDC_CLIENT_SECRET.' : 'Sign in again.'}`,
      res.status === 401 || detail?.error === 'invalid_client',
    );
  }
  const body = safeJson(text);
  if (!body || typeof body !== 'object')
    throw new SignInRefused(`The sign-in provider answered ${what} with something other than JSON.`, true);
  return body;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function idTokenProblem(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The sign-in answer has expired. Sign in again.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss')
      return 'The sign-in answer comes from another issuer than the one configured; it is refused.';
    if (error.claim === 'aud') return 'The sign-in answer was made for another application; it is refused.';
    return `The sign-in answer's "${error.claim}" claim is not acceptable. Sign in again.`;
  }
  return 'The sign-in answer could not be verified (its signature or form is wrong). Sign in again.';
}
