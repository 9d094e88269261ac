import type { TeamsConfig } from '../../src/config/config';
import { routeKey } from '../../src/domain/route-key';
import type { Finding } from '../../src/domain/finding';
import type { AddressBook } from '../../src/ports/address-book';
import type { PlatformCheck, RoutedChannel } from '../../src/ports/platform-check';
import { decodeAddress } from './teams-address';

/** Microsoft Entra ID, where the bot's app id and password get tokens for the Bot Connector. */
const DEFAULT_LOGIN_URL = 'https://login.microsoftonline.com';
/** The token audience of the Bot Connector service. */
const BOT_FRAMEWORK_SCOPE = 'https://api.botframework.com/.default';

/** What the Teams check reads. */
export interface TeamsConnectionCheckDeps {
  config: TeamsConfig;
  /**
   * Whether approval cards are routed to Teams: the rule routing itself applies (`connectedPlatforms`),
   * which connects Teams without an app id in local mode (`TEAMS_LOCAL=on`) or when Slack is not set up.
   */
  connected: boolean;
  addresses: Pick<AddressBook, 'list'>;
  /** Entra ID's address (tests point it at a fake); default https://login.microsoftonline.com. */
  loginUrl?: string;
  timeoutMs?: number;
}

/**
 * The doctor's Teams check: the app id and password get a Bot Connector token (the client-credentials
 * request of "Authentication with the Bot Connector API": `POST {login}/{tenant}/oauth2/v2.0/token`,
 * tenant `botframework.com` for multi-tenant bots), each routed channel has a stored address (an admin
 * typed `@microapp route … here` in it), and with the token, the connector still knows each routed
 * conversation (`GET {serviceUrl}v3/conversations/{id}/members`). User-assigned managed identities get
 * their tokens from Azure's metadata service and are not checked; without an app id (local mode) only
 * the stored addresses are. Whatever Entra ID or the connector
 * answer (or fail to) is a finding; only a failing read of the stored addresses throws.
 */
export function teamsConnectionCheck(deps: TeamsConnectionCheckDeps): PlatformCheck {
  const { config } = deps;
  const timeout = () => AbortSignal.timeout(deps.timeoutMs ?? 7_000);
  return {
    platform: 'teams',
    configured: deps.connected,
    howToConfigure:
      'Set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID from the Azure bot, see "Connect to Teams" in the README',
    async check(channels) {
      const findings: Finding[] = [];
      let token: string | undefined;
      if (config.appId && config.appType !== 'UserAssignedMSI') {
        const got = await getToken(deps, timeout());
        if ('finding' in got) findings.push(got.finding);
        else token = got.token;
      }
      const stored = new Map(
        (await deps.addresses.list('teams', 'route:')).map((a) => [a.key.slice('route:'.length), a.address]),
      );
      for (const c of channels) {
        const address = decodeAddress(stored.get(routeKey(c.channel)));
        if (!address) findings.push(unrouted(c));
        else if (token) {
          const problem = await conversationProblem(address.serviceUrl, address.conversationId, token, timeout());
          if (problem)
            findings.push({
              check: 'teams',
              subject: `teams ${c.channel}`,
              problem: `The channel routed for Teams "${c.channel}" cannot be reached: the connector answered ${problem}.`,
              fix: `Add the app to that channel's team again, then have an admin type "@microapp route ${c.channel} here" in the reviewers' channel.`,
            });
        }
      }
      return findings;
    },
  };
}

async function getToken(
  deps: TeamsConnectionCheckDeps,
  signal: AbortSignal,
): Promise<{ token: string } | { finding: Finding }> {
  const { config } = deps;
  const tenant = config.appType === 'SingleTenant' ? (config.tenantId ?? '') : 'botframework.com';
  const url = `${(deps.loginUrl ?? DEFAULT_LOGIN_URL).replace(/\/+$/, '')}/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
  const fail = (problem: string, fix: string) => ({
    finding: { check: 'teams' as const, subject: 'MICROSOFT_APP_ID', problem, fix },
  });
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: config.appId ?? '',
        client_secret: config.appPassword ?? '',
        scope: BOT_FRAMEWORK_SCOPE,
      }),
      signal,
    });
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string } };
    return fail(
      `Microsoft Entra ID (${new URL(url).origin}) could not be reached (${e.name === 'TimeoutError' ? 'no answer in time' : (e.cause?.code ?? 'no answer')}), so the bot cannot get a token to post to Teams.`,
      "Check this machine's network, DNS and outbound proxy (HTTPS to login.microsoftonline.com).",
    );
  }
  const body = (await res.json().catch(() => ({}))) as {
    access_token?: string;
    error?: string;
    error_description?: string;
    error_codes?: number[];
  };
  if (res.ok && body.access_token) return { token: body.access_token };
  const code = body.error_codes?.[0];
  const said = (body.error_description ?? body.error ?? `HTTP ${res.status}`).split(/\r?\n/)[0]!.split('. ')[0];
  const problem = `Microsoft Entra ID refused the bot's app id and password (${said}), so the bot cannot post to Teams.`;
  if (code === 7000215 || code === 7000222 || body.error === 'invalid_client')
    return fail(
      problem,
      "MICROSOFT_APP_PASSWORD is wrong or expired: create a new client secret under the app registration's Certificates & secrets and set its value (not its id).",
    );
  if (code === 700016 || body.error === 'unauthorized_client')
    return fail(
      problem,
      `MICROSOFT_APP_ID is not an app in ${config.appType === 'SingleTenant' ? `tenant ${config.tenantId}` : 'a tenant that allows multi-tenant sign-in'}: check the id, MICROSOFT_APP_TENANT_ID and MICROSOFT_APP_TYPE against the Azure bot's Configuration page.`,
    );
  if (code === 90002 || code === 900023)
    return fail(
      problem,
      "MICROSOFT_APP_TENANT_ID is not a tenant: copy the Directory (tenant) ID from the app registration's Overview.",
    );
  return fail(
    problem,
    "Check MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID against the Azure bot's Configuration page.",
  );
}

/** Undefined when the connector lists the conversation's members; otherwise what it answered. */
async function conversationProblem(
  serviceUrl: string,
  conversationId: string,
  token: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  const base = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
  try {
    const res = await fetch(`${base}v3/conversations/${encodeURIComponent(conversationId.split(';')[0]!)}/members`, {
      headers: { authorization: `Bearer ${token}` },
      signal,
    });
    if (res.ok) return undefined;
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
    return `HTTP ${res.status}${body.error?.code ? ` ${body.error.code}` : ''}`;
  } catch (error) {
    return `nothing (${(error as { cause?: { code?: string } }).cause?.code ?? 'no answer'})`;
  }
}

function unrouted(c: RoutedChannel): Finding {
  return {
    check: 'teams',
    subject: `teams ${c.channel}`,
    problem: `The policy sends tier ${c.tiers.join(' and ')} approval cards to Teams "${c.channel}", but no channel has been routed there yet, so they cannot be posted.`,
    fix: `An admin types "@microapp route ${c.channel} here" in the reviewers' channel, or remove it from routing in policy.yaml.`,
  };
}
