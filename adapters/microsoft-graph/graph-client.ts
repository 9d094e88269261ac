import type { GraphConfig } from '../../src/config/config';
import { GraphError } from './graph-error';

/** Renew the token this long before it expires, so no call carries one that lapses in flight. */
const TOKEN_MARGIN_MS = 5 * 60_000;
const DEFAULT_RETRIES = 3;
/** The longest wait a Retry-After may ask for before the call gives up instead. */
const MAX_RETRY_AFTER_MS = 60_000;
/** A collection longer than this many pages is a runaway `@odata.nextLink` loop, not a group. */
const MAX_PAGES = 1_000;

/** How one call reads: a path under the API base (like `/v1.0/groups/…`) and the application permission it needs, named in a refusal. */
export interface GraphRequest {
  path: string;
  permission: string;
  /** What to do about a 401 or 403, when not the Graph application permission (another API's roles). */
  forbiddenFix?: string;
}

/** One page of a collection: its items and Graph's absolute `@odata.nextLink`, absent on the last page. */
export interface GraphPage<T> {
  value: T[];
  nextLink?: string;
}

/** A small client for Microsoft Graph (or another Microsoft API, like the Power Platform API) over fetch: tokens, paging and throttling handled. */
export interface GraphClient {
  /** Every item of a collection, following `@odata.nextLink` page after page. Throws a GraphError. */
  list<T>(request: GraphRequest): Promise<T[]>;
  /** One page of a collection: `request.path` under the API base, or `url` (a stored `@odata.nextLink`) when given. Throws a GraphError. */
  page<T>(request: GraphRequest, url?: string): Promise<GraphPage<T>>;
  /** One entity (like `/v1.0/users/{id}`). Throws a GraphError. */
  get<T>(request: GraphRequest): Promise<T>;
  /** POSTs `body` as JSON to `request.path` under the API base and returns the answer's JSON object. Throws a GraphError. */
  post<T>(request: GraphRequest, body: unknown): Promise<T>;
}

/**
 * A delegated sign-in for APIs that refuse app-only tokens: a user's refresh token, redeemed with the
 * app registration's client id and secret. Each redemption's new refresh token replaces the old one
 * for as long as the process runs.
 */
export interface DelegatedSignIn {
  refreshToken: string;
  /** The setting that holds the refresh token, named when the identity platform refuses it. */
  setting: string;
  /** What to do when the identity platform refuses the refresh token (expired, revoked, consent missing). */
  fix: string;
}

/** Knobs for tests; production uses the defaults. */
export interface GraphClientOptions {
  /** Tries after a 429 or 503 (or 504) before giving up; 3 by default. */
  retries?: number;
  timeoutMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** The API's name in messages, as written mid-sentence (`the Power Platform API`); `Microsoft Graph` by default. */
  service?: string;
  /** The setting holding the API base URL, named in fixes; `GRAPH_API_URL` by default. */
  apiSetting?: string;
  /** Tokens for a signed-in user instead of the app (client credentials) when set. */
  delegated?: DelegatedSignIn;
}

/**
 * A Graph client for one app registration. The token comes from
 * `{loginUrl}/{tenant}/oauth2/v2.0/token` (client credentials, scope `{apiUrl}/.default`) and is kept
 * until five minutes before it expires. 429, 503 and 504 are retried after their `Retry-After`
 * (seconds), a few times; 401 and 403 become a `forbidden` GraphError naming the request's permission.
 * With `options.delegated`, tokens are a signed-in user's, redeemed from a refresh token (scope
 * `{apiUrl origin}/.default offline_access`), for APIs that refuse app-only tokens.
 */
export function createGraphClient(config: GraphConfig, options: GraphClientOptions = {}): GraphClient {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const retries = options.retries ?? DEFAULT_RETRIES;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const service = options.service ?? 'Microsoft Graph';
  const Service = service.charAt(0).toUpperCase() + service.slice(1);
  const apiSetting = options.apiSetting ?? 'GRAPH_API_URL';
  let token: { value: string; expiresAt: number } | undefined;
  let pending: Promise<string> | undefined;
  let refreshToken = options.delegated?.refreshToken;

  const fetchToken = async (): Promise<string> => {
    const url = `${config.loginUrl}/${encodeURIComponent(config.tenantId)}/oauth2/v2.0/token`;
    const scope = `${graphResource(config.apiUrl)}/.default`;
    const response = await send(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: config.clientId,
        client_secret: config.clientSecret,
        ...(refreshToken
          ? { scope: `${scope} offline_access`, grant_type: 'refresh_token', refresh_token: refreshToken }
          : { scope, grant_type: 'client_credentials' }),
      }).toString(),
    });
    const body = (await response.json().catch(() => ({}))) as {
      access_token?: string;
      refresh_token?: string;
      expires_in?: number | string;
      error?: string;
      error_description?: string;
    };
    if (!response.ok || !body.access_token) {
      const said = `${body.error ?? `HTTP ${response.status}`}${body.error_description ? `: ${firstSentence(body.error_description)}` : ''}`;
      const signIn = options.delegated;
      throw new GraphError({
        kind: response.status >= 500 ? 'unavailable' : 'credentials',
        status: response.status,
        graphCode: body.error,
        message:
          signIn && body.error === 'invalid_grant'
            ? `Microsoft Entra refused the sign-in in ${signIn.setting} (${said}).`
            : `Microsoft Entra refused the app registration's credentials (${said}).`,
        fix:
          signIn && body.error === 'invalid_grant'
            ? signIn.fix
            : 'Check GRAPH_TENANT_ID (Directory ID), GRAPH_CLIENT_ID (Application ID) and GRAPH_CLIENT_SECRET (a current client secret from Certificates & secrets) of the app registration.',
      });
    }
    if (refreshToken && body.refresh_token) refreshToken = body.refresh_token;
    token = { value: body.access_token, expiresAt: now() + Number(body.expires_in ?? 3600) * 1000 };
    return token.value;
  };
  const accessToken = (): Promise<string> => {
    if (token && now() < token.expiresAt - TOKEN_MARGIN_MS) return Promise.resolve(token.value);
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const send = async (url: string, init: RequestInit): Promise<Response> => {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new GraphError({
        kind: 'unavailable',
        message: `${new URL(url).host} could not be reached (${(error as Error).name === 'TimeoutError' ? `no answer in ${timeoutMs / 1000} s` : reason(error)}).`,
        fix: `Check the network path to ${service} (${apiSetting}, MICROSOFT_LOGIN_URL, any proxy); it is tried again at the next refresh.`,
        cause: error,
      });
    }
  };

  const get = async (url: string, request: GraphRequest, json?: unknown): Promise<Record<string, unknown>> => {
    for (let attempt = 0; ; attempt++) {
      const response = await send(url, {
        ...(json === undefined ? {} : { method: 'POST', body: JSON.stringify(json) }),
        headers: {
          authorization: `Bearer ${await accessToken()}`,
          accept: 'application/json',
          ...(json !== undefined && { 'content-type': 'application/json' }),
        },
      });
      if (response.ok) return readJson(response, request, service, apiSetting);
      const body = (await response.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
      const code = body.error?.code;
      const said = `${code ?? `HTTP ${response.status}`}${body.error?.message ? `: ${firstSentence(body.error.message)}` : ''}`;
      if ([429, 503, 504].includes(response.status)) {
        const waitMs = retryAfterMs(response.headers.get('retry-after'));
        if (attempt < retries && waitMs <= MAX_RETRY_AFTER_MS) {
          await sleep(waitMs);
          continue;
        }
        throw new GraphError({
          kind: 'unavailable',
          status: response.status,
          graphCode: code,
          retryAfterMs: waitMs,
          message: `${Service} kept answering ${response.status} (${said}).`,
          fix: `${Service} is throttling or busy; it is tried again at the next refresh.`,
        });
      }
      if (response.status === 401 || response.status === 403)
        throw new GraphError({
          kind: 'forbidden',
          status: response.status,
          graphCode: code,
          message: `${Service} refused ${request.path.split('?')[0]} (${said}).`,
          fix:
            request.forbiddenFix ??
            `Give the app registration (GRAPH_CLIENT_ID) the Microsoft Graph application permission ${request.permission} (API permissions > Add a permission > Microsoft Graph > Application permissions), then grant admin consent.`,
        });
      if (response.status === 404)
        throw new GraphError({
          kind: 'not_found',
          status: 404,
          graphCode: code,
          message: `${Service} found nothing at ${request.path.split('?')[0]} (${said}).`,
          fix: 'Check the id.',
        });
      throw new GraphError({
        kind: 'unavailable',
        status: response.status,
        graphCode: code,
        message: `${Service} answered ${response.status} to ${request.path.split('?')[0]} (${said}).`,
        fix: `It is tried again at the next refresh; if it persists, check ${apiSetting}.`,
      });
    }
  };

  const page = async <T>(request: GraphRequest, url?: string): Promise<GraphPage<T>> => {
    const body = await get(url ?? `${config.apiUrl}${request.path}`, request);
    if (!Array.isArray(body.value))
      throw new GraphError({
        kind: 'unavailable',
        message: `Microsoft Graph answered ${request.path.split('?')[0]} without a list of items.`,
        fix: 'It is tried again at the next refresh; if it persists, check GRAPH_API_URL (leave it unset for https://graph.microsoft.com).',
      });
    const next = body['@odata.nextLink'];
    if (typeof next === 'string' && next && !sameOrigin(next, config.apiUrl))
      throw new GraphError({
        kind: 'unavailable',
        message: `Microsoft Graph's next page for ${request.path.split('?')[0]} points at another host (${safeOrigin(next)}); the token is not sent there.`,
        fix: 'Check that GRAPH_API_URL is the Graph endpoint of your cloud.',
      });
    return { value: body.value as T[], ...(typeof next === 'string' && next ? { nextLink: next } : {}) };
  };

  return {
    page,
    async get<T>(request: GraphRequest): Promise<T> {
      return (await get(`${config.apiUrl}${request.path}`, request)) as T;
    },
    async post<T>(request: GraphRequest, body: unknown): Promise<T> {
      return (await get(`${config.apiUrl}${request.path}`, request, body ?? null)) as T;
    },
    async list<T>(request: GraphRequest): Promise<T[]> {
      const items: T[] = [];
      let url: string | undefined = `${config.apiUrl}${request.path}`;
      for (let page = 0; url; page++) {
        if (page >= MAX_PAGES)
          throw new GraphError({
            kind: 'unavailable',
            message: `Microsoft Graph returned more than ${MAX_PAGES} pages for ${request.path.split('?')[0]}.`,
            fix: 'Use a smaller group.',
          });
        const body = await get(url, request);
        items.push(...((Array.isArray(body.value) ? body.value : []) as T[]));
        const next = body['@odata.nextLink'];
        url = typeof next === 'string' && next ? next : undefined;
        if (url && !sameOrigin(url, config.apiUrl))
          throw new GraphError({
            kind: 'unavailable',
            message: `Microsoft Graph's next page for ${request.path.split('?')[0]} points at another host (${safeOrigin(url)}); the token is not sent there.`,
            fix: 'Check that GRAPH_API_URL is the Graph endpoint of your cloud.',
          });
      }
      return items;
    },
  };
}

/** A successful answer's body; one that is not a JSON object is a GraphError saying so plainly. */
async function readJson(
  response: Response,
  request: GraphRequest,
  service: string,
  apiSetting: string,
): Promise<Record<string, unknown>> {
  const text = await response.text();
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch (error) {
    throw garbage(request, service, apiSetting, error);
  }
  throw garbage(request, service, apiSetting);
}

function garbage(request: GraphRequest, service: string, apiSetting: string, cause?: unknown): GraphError {
  return new GraphError({
    kind: 'unavailable',
    graphCode: 'garbage',
    message: `${service.charAt(0).toUpperCase()}${service.slice(1)} answered ${request.path.split('?')[0]} with something that is not JSON.`,
    fix: `It is tried again at the next refresh; if it persists, check ${apiSetting} and any proxy in between.`,
    cause,
  });
}

/** True when `url` is on the origin of `base`, so the token may be sent to it. */
function sameOrigin(url: string, base: string): boolean {
  return safeOrigin(url) === new URL(base).origin;
}

/** The origin of `url`, or "an unreadable address". */
function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'an unreadable address';
  }
}

/** Why fetch failed, in a word where the network layer gives one (ECONNREFUSED, ENOTFOUND). */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

/** The resource a token is asked for: Graph's origin (`https://graph.microsoft.com`), whatever path the base URL has. */
function graphResource(apiUrl: string): string {
  return new URL(apiUrl).origin;
}

/** Retry-After in milliseconds: seconds, or an HTTP date; 2 s when absent or unreadable. */
function retryAfterMs(header: string | null): number {
  if (!header) return 2_000;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? 2_000 : Math.max(0, at - Date.now());
}

/** The first sentence of an error description (the identity platform appends trace and correlation ids). */
function firstSentence(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').replace(/^(.{1,200}?\.)\s.*$/, '$1').slice(0, 200);
}
