import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { JWTPayload } from 'jose';
import { echo } from '../../src/domain/safe-text';
import type { CiIdentity, CiIdentityVerifier } from '../../src/ports/ci-identity';
import type { Clock } from '../../src/ports/clock';
import { systemClock } from '../../src/ports/clock';
import { issuerKeys } from './issuer-keys';

/** What the verifier trusts: the audience jobs request, each provider's issuer, and where spent ids go. */
export interface CiTokenSettings {
  /** The `aud` every CI job must request (CI_OIDC_AUDIENCE). */
  audience: string;
  /** Issuer URLs, exactly as tokens carry them in `iss`. */
  issuers: { github: string; gitlab: string };
  /** Spends `provider:jti` until `expiresAt`; false when it was spent before. */
  spend(id: string, expiresAt: string): Promise<boolean>;
  clock?: Clock;
  /** How long to wait for an issuer's discovery document or keys. */
  timeoutMs?: number;
}

/** Clock skew allowed between the issuer and this server. */
const TOLERANCE_S = 60;

const PROVIDER_NAME = { github: 'GitHub Actions', gitlab: 'GitLab CI' } as const;
type Provider = keyof typeof PROVIDER_NAME;

const RESEND = 'Request a fresh token in the job and send it as issued.';

/**
 * Verifies GitHub Actions and GitLab CI OIDC identity tokens: RS256 signatures against the keys
 * the issuer publishes (found by its discovery document, cached), the exact issuer and audience,
 * expiry with a minute's tolerance, and a `jti` that is spent once. Each refusal names the fix.
 */
export function createCiTokenVerifier(settings: CiTokenSettings): CiIdentityVerifier {
  const clock = settings.clock ?? systemClock;
  const keys = {
    github: issuerKeys(settings.issuers.github, createRemoteJWKSet, settings.timeoutMs),
    gitlab: issuerKeys(settings.issuers.gitlab, createRemoteJWKSet, settings.timeoutMs),
  };
  const refuse = (reason: string) => ({ ok: false as const, reason });

  return {
    async verify(token) {
      let alg: unknown;
      let iss: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
        iss = decodeJwt(token).iss;
      } catch {
        return refuse(`This bearer token is not a readable JWT. ${RESEND}`);
      }
      if (alg !== 'RS256')
        return refuse(
          `This token is signed with ${typeof alg === 'string' ? echo(alg, 20) : 'no algorithm'}; only RS256 tokens from GitHub Actions or GitLab CI are accepted. ${RESEND}`,
        );
      const provider = (Object.keys(PROVIDER_NAME) as Provider[]).find((p) => settings.issuers[p] === iss);
      if (!provider)
        return refuse(
          `This token was issued by ${typeof iss === 'string' ? `"${echo(iss, 120)}"` : 'no one (it has no iss)'}, which this bot does not trust. It accepts ${settings.issuers.github} (GitHub Actions) and ${settings.issuers.gitlab} (GitLab CI); a self-managed GitLab needs the bot's admin to set GITLAB_OIDC_ISSUER to its address.`,
        );
      const keySet = await keys[provider]();
      if (!keySet.ok) return refuse(keySet.reason);
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keySet.keys, {
          algorithms: ['RS256'],
          issuer: settings.issuers[provider],
          audience: settings.audience,
          clockTolerance: TOLERANCE_S,
          currentDate: clock.now(),
          requiredClaims: ['exp', 'jti', 'sub'],
        }));
      } catch (error) {
        return refuse(whyRefused(error, provider, settings));
      }
      const identity = identityOf(provider, payload);
      if (typeof identity === 'string') return refuse(identity);
      if (!(await settings.spend(`${provider}:${identity.jti}`, identity.expiresAt)))
        return refuse(
          `This ${PROVIDER_NAME[provider]} token (jti ${echo(identity.jti, 80)}) was used before; each token is accepted once. ${RESEND}`,
        );
      return { ok: true, identity };
    },
  };
}

/** The repository, owner id, subject and id a verified token carries, or why one is missing. */
function identityOf(provider: Provider, claims: JWTPayload): CiIdentity | string {
  const [repoClaim, ownerClaim] =
    provider === 'github' ? ['repository', 'repository_owner_id'] : ['project_path', 'namespace_id'];
  const repository = claims[repoClaim];
  const ownerId = claims[ownerClaim];
  const missing = [
    typeof repository === 'string' && /^[^/\s]+(\/[^/\s]+)+$/.test(repository) ? [] : [repoClaim],
    typeof ownerId === 'string' && /^\d{1,20}$/.test(ownerId) ? [] : [ownerClaim],
    typeof claims.jti === 'string' && claims.jti.length > 0 && claims.jti.length <= 200 ? [] : ['jti'],
  ].flat();
  if (missing.length > 0)
    return `This ${PROVIDER_NAME[provider]} token lacks a usable ${missing.join(', ')} claim, so it cannot show which repository the job runs in. Send the job's own OIDC identity token, not one minted elsewhere.`;
  return {
    provider,
    repository: repository as string,
    ownerId: ownerId as string,
    subject: String(claims.sub),
    jti: claims.jti as string,
    expiresAt: new Date((claims.exp as number) * 1000).toISOString(),
  };
}

/** A plain reason for each way jose refuses a token. */
function whyRefused(error: unknown, provider: Provider, settings: CiTokenSettings): string {
  const name = PROVIDER_NAME[provider];
  if (error instanceof errors.JWTExpired) return `This ${name} token has expired (they last minutes). ${RESEND}`;
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud')
      return `This ${name} token is for another audience; this bot accepts only "${settings.audience}". Request the token with that audience (the action's audience input, or aud under id_tokens in .gitlab-ci.yml).`;
    if (error.claim === 'nbf' || error.claim === 'iat')
      return `This ${name} token is not valid yet: the clocks of the CI runner and the bot disagree by over a minute. Check the bot server's time, then retry.`;
    if (error.reason === 'missing')
      return `This ${name} token lacks the ${error.claim} claim. Send the job's own OIDC identity token as issued.`;
    return `This ${name} token's ${error.claim} claim is not acceptable. ${RESEND}`;
  }
  if (error instanceof errors.JWKSNoMatchingKey)
    return `This token is signed with a key ${name} does not publish (an unknown kid). Send a token the job got from ${settings.issuers[provider]}; if it is one, retry in a minute, as the issuer may have just rotated its keys.`;
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return `This ${name} token's signature does not match the issuer's key: it was altered or signed by someone else. ${RESEND}`;
  if (
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    !(error instanceof errors.JOSEError) ||
    error.code === 'ERR_JOSE_GENERIC'
  )
    return `The bot could not fetch ${name}'s signing keys from ${settings.issuers[provider]} to check this token. Retry in a minute; if it keeps failing, the bot's admin checks that the server can reach that address.`;
  return `This ${name} token could not be verified (${echo((error as Error).message, 120)}). ${RESEND}`;
}
