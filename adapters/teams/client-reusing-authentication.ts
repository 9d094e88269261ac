import type { Activity } from 'botbuilder';
import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type {
  AuthenticateRequestResult,
  ClaimsIdentity,
  ConnectorFactory,
  UserTokenClient,
} from 'botframework-connector';

/** The claims the SDK reads the bot's app id from (its `AuthenticationConstants.AudienceClaim`, then `AppIdClaim`). */
const APP_ID_CLAIMS = ['aud', 'appid'];
/** Clients kept; there is one per app id, service URL (one per Teams region) and audience, so this is never reached in practice. */
const MAX_KEPT = 100;

/**
 * The SDK's authentication from configuration, keeping the HTTP clients it makes. botbuilder builds
 * a new `ConnectorClient` and `UserTokenClient` (each with its own request pipeline) for every
 * inbound activity and every proactive message, which costs more than answering an invoke does.
 * The clients hold no per-turn state (their credentials fetch and cache tokens themselves), so one
 * per app id, service URL and audience serves every turn. A client that failed to build is not kept.
 */
export class ClientReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly kept = new Map<string, Promise<unknown>>();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.reusingIn(await super.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.reusingIn(await super.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.reusing(claimsIdentity, super.createConnectorFactory(claimsIdentity));
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.keep(`token|${appIdOf(claimsIdentity)}`, () => super.createUserTokenClient(claimsIdentity));
  }

  private reusingIn(result: AuthenticateRequestResult): AuthenticateRequestResult {
    return result.connectorFactory
      ? { ...result, connectorFactory: this.reusing(result.claimsIdentity, result.connectorFactory) }
      : result;
  }

  private reusing(claimsIdentity: ClaimsIdentity, factory: ConnectorFactory): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    return {
      create: (serviceUrl, audience) =>
        this.keep(`connector|${appId}|${serviceUrl}|${audience ?? ''}`, () => factory.create(serviceUrl, audience)),
    };
  }

  private keep<T>(key: string, make: () => Promise<T>): Promise<T> {
    const found = this.kept.get(key);
    if (found) return found as Promise<T>;
    if (this.kept.size >= MAX_KEPT) this.kept.clear();
    const made = make();
    this.kept.set(key, made);
    made.catch(() => this.kept.delete(key));
    return made;
  }
}

function appIdOf(claimsIdentity: ClaimsIdentity): string {
  for (const type of APP_ID_CLAIMS) {
    const value = claimsIdentity.getClaimValue(type);
    if (value) return value;
  }
  return '';
}
