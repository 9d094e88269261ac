import { isIP } from 'node:net';
import { dirname, resolve } from 'node:path';
import { validate as isCronPattern } from 'node-cron';
import { z } from 'zod';
import { AppError } from '../domain/errors';
import { parseDatabaseUrl } from '../store/database-target';
import { LOG_LEVELS } from '../log/logger';
import type { Config, SlackAdminConfig, SlackConfig, TeamsConfig } from './config-shape';
import { githubConfig, githubSettingProblems, githubSettings } from './github-settings';
import { ciOidcConfig, ciOidcSettingProblems, ciOidcSettings } from './ci-oidc-settings';
import { isTimeZone, tokenUrl } from './setting-values';
import { siemConfig, siemSettingProblems, siemSettings } from './siem-settings';

export type {
  CiOidcConfig,
  Config,
  GithubConfig,
  GraphConfig,
  PowerPlatformConfig,
  SlackAdminConfig,
  SlackConfig,
  TeamsConfig,
} from './config-shape';

const HOST_NAME = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const schema = z
  .object({
    PORT: z
      .string()
      .default('3000')
      .refine((v) => /^\d+$/.test(v) && Number(v) <= 65535, {
        error: 'must be a port number from 0 to 65535, like 3000',
      })
      .transform(Number),
    HOST: z
      .string()
      .refine(
        (v) => isIP(v) !== 0 || /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i.test(v),
        {
          error:
            'must be an address of this machine to listen on, like 127.0.0.1, :: or localhost (leave it unset for all interfaces)',
        },
      )
      .optional(),
    DATABASE_URL: z
      .string()
      .optional()
      .refine((v) => parseDatabaseUrl(v) !== undefined, {
        error:
          'must be postgres://user:password@host:5432/db, or sqlite:<file> (leave it unset for ./data/microapp.db)',
      }),
    POLICY_DIR: z.string().min(1, { error: 'must name the policy folder, like ./policies' }).default('./policies'),
    LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
    DELIVERY_LEASE_MS: z
      .string()
      .default('60000')
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 1000, {
        error: 'must be a whole number of milliseconds, at least 1000, like 60000',
      })
      .transform(Number),
    AUDIT_SIGNING_KEY_FILE: z.string().min(1).optional(),
    AUDIT_CHECKPOINT_DIR: z.string().min(1).optional(),
    AUDIT_WITNESS_URL: tokenUrl('https://witness.example.com/checkpoints').optional(),
    AUDIT_LOG_ORIGIN: z
      .string()
      .regex(/^[A-Za-z0-9][\w.:/-]{0,199}$/, {
        error: 'must name this log in one word without spaces or "+", like microapp.example.com/audit',
      })
      .optional(),
    API_RATE_LIMIT: z
      .string()
      .default('600')
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1_000_000, {
        error: 'must be a whole number of requests a minute per API caller, from 1 to 1000000, like 600',
      })
      .transform(Number),
    TRUSTED_PROXY_HOPS: z
      .string()
      .default('0')
      .refine((v) => /^\d+$/.test(v) && Number(v) <= 10, {
        error:
          'must be how many proxies or load balancers in front of the bot add to X-Forwarded-For, from 0 to 10, like 1 (0 when clients reach the bot directly)',
      })
      .transform(Number),
    SLACK_BOT_TOKEN: z
      .string()
      .regex(/^xoxb-[\w-]+$/, { error: 'must be the bot token from OAuth & Permissions, starting xoxb-' })
      .optional(),
    SLACK_SIGNING_SECRET: z
      .string()
      .regex(/^[0-9a-f]{16,128}$/i, { error: 'must be the Signing Secret from Basic Information (hexadecimal)' })
      .optional(),
    SLACK_APP_TOKEN: z
      .string()
      .regex(/^xapp-[\w-]+$/, { error: 'must be an app-level token with connections:write, starting xapp-' })
      .optional(),
    SLACK_API_URL: tokenUrl('https://slack.com/api/').optional(),
    SLACK_ADMIN_TOKEN: z
      .string()
      .regex(/^xoxp-[\w-]+$/, {
        error:
          'must be the User OAuth Token (starting xoxp-) of the app an org owner or admin installed on the whole org',
      })
      .optional(),
    MICROSOFT_APP_ID: z
      .uuid({
        error: 'must be the Microsoft App ID of the Azure bot, a GUID like 00000000-0000-0000-0000-000000000000',
      })
      .optional(),
    MICROSOFT_APP_PASSWORD: z.string().min(1).optional(),
    MICROSOFT_APP_TYPE: z
      .enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'], {
        error: 'must be SingleTenant, MultiTenant or UserAssignedMSI',
      })
      .optional(),
    MICROSOFT_APP_TENANT_ID: z
      .uuid({ error: 'must be the Directory (tenant) ID from the app registration, a GUID' })
      .optional(),
    TEAMS_LOCAL: z
      .enum(['on', 'off'], {
        error: 'must be on (route approval cards to Teams in local mode even with Slack connected) or off',
      })
      .default('off'),
    REMINDER_SCHEDULE: z
      .string()
      .default('*/5 * * * *')
      .refine((v) => v === 'off' || isCronPattern(v), {
        error: 'must be a cron pattern like "*/5 * * * *" (every five minutes), or off',
      }),
    TIME_ZONE: z
      .string()
      .refine(isTimeZone, {
        error: 'must be an IANA time zone name, like Europe/Berlin or America/New_York (leave it unset for UTC)',
      })
      .optional(),
    METRICS_TOKEN: z
      .string()
      .regex(/^[\x21-\x7e]{16,256}$/, {
        error: 'must be 16 to 256 visible characters without spaces, like the output of `openssl rand -hex 32`',
      })
      .optional(),
    GRAPH_TENANT_ID: z
      .uuid({ error: "must be the Directory (tenant) ID from the app registration's Overview, a GUID" })
      .optional(),
    GRAPH_CLIENT_ID: z
      .uuid({ error: "must be the Application (client) ID from the app registration's Overview, a GUID" })
      .optional(),
    GRAPH_CLIENT_SECRET: z.string().min(1).optional(),
    GRAPH_API_URL: tokenUrl('https://graph.microsoft.com').default('https://graph.microsoft.com'),
    MICROSOFT_LOGIN_URL: tokenUrl('https://login.microsoftonline.com').default('https://login.microsoftonline.com'),
    POWER_PLATFORM_API_URL: tokenUrl('https://api.powerplatform.com').default('https://api.powerplatform.com'),
    POWER_PLATFORM_REFRESH_TOKEN: z
      .string()
      .regex(/^[\x21-\x7e]{20,}$/, {
        error:
          "must be the refresh_token of a Power Platform admin's sign-in, a long string without spaces (see docs/discovery-sources.md)",
      })
      .optional(),
    ROLE_GROUPS_REFRESH_HOURS: z
      .string()
      .default('6')
      .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 168, {
        error: 'must be a whole number of hours from 1 to 168, like 6',
      })
      .transform(Number),
    OIDC_ISSUER: tokenUrl('https://accounts.google.com').optional(),
    OIDC_CLIENT_ID: z.string().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    HEALTH_CHECK_ALLOWED_HOSTS: z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((h) =>
            h
              .trim()
              .toLowerCase()
              .replace(/^\[(.*)\]$/, '$1'),
          )
          .filter(Boolean),
      )
      .refine((hosts) => hosts.every((h) => isIP(h) !== 0 || HOST_NAME.test(h)), {
        error:
          'must be host names or addresses, comma-separated, without scheme, port or path, like status.internal.example.com,10.0.0.5',
      })
      .optional(),
    PUBLIC_URL: z
      .url({
        protocol: /^https$/,
        error: 'must be the https address people and Teams reach the bot at, like https://microapp.example.com',
      })
      .optional(),
    ...siemSettings,
    ...githubSettings,
    ...ciOidcSettings,
  })
  .superRefine((env, ctx) => {
    for (const p of [...siemSettingProblems(env), ...githubSettingProblems(env), ...ciOidcSettingProblems(env)])
      ctx.addIssue({ code: 'custom', path: [p.key], message: p.message });
    // SLACK_API_URL also serves discovery's SLACK_ADMIN_TOKEN, so it may stand without a bot token then.
    const slackVars = ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'] as const;
    if (!env.SLACK_BOT_TOKEN && slackVars.some((k) => env[k] && !(k === 'SLACK_API_URL' && env.SLACK_ADMIN_TOKEN))) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_BOT_TOKEN'],
        message: 'is needed too: Slack settings are set but the bot token is not',
      });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['SLACK_SIGNING_SECRET'],
        message: 'is needed with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)',
      });
    }
    const teamsVars = ['MICROSOFT_APP_PASSWORD', 'MICROSOFT_APP_TYPE', 'MICROSOFT_APP_TENANT_ID'] as const;
    if (!env.MICROSOFT_APP_ID && teamsVars.some((k) => env[k])) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_ID'],
        message: 'is needed too: Teams settings are set but the Microsoft App ID is not',
      });
    }
    const graphVars = ['GRAPH_TENANT_ID', 'GRAPH_CLIENT_ID', 'GRAPH_CLIENT_SECRET'] as const;
    if (graphVars.some((k) => env[k]))
      for (const k of graphVars.filter((k) => !env[k]))
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: `is needed too: Microsoft Graph needs ${graphVars.join(', ')} together (the app registration's tenant id, client id and a client secret), or none of them`,
        });
    if (env.POWER_PLATFORM_REFRESH_TOKEN && !graphVars.every((k) => env[k]))
      ctx.addIssue({
        code: 'custom',
        path: ['POWER_PLATFORM_REFRESH_TOKEN'],
        message: `needs ${graphVars.join(', ')} too: the sign-in is redeemed with that app registration's client id and secret`,
      });
    const oidcVars = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
    if (oidcVars.some((k) => env[k]))
      for (const k of oidcVars.filter((k) => !env[k]))
        ctx.addIssue({
          code: 'custom',
          path: [k],
          message: `is needed too: single sign-on needs ${oidcVars.join(', ')} together (the provider's issuer URL and the client id and secret you registered there), or none of them`,
        });
    const appType = env.MICROSOFT_APP_TYPE ?? 'SingleTenant';
    if (env.MICROSOFT_APP_ID && appType !== 'UserAssignedMSI' && !env.MICROSOFT_APP_PASSWORD) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_PASSWORD'],
        message: 'is needed with MICROSOFT_APP_ID: a client secret from the app registration (Certificates & secrets)',
      });
    }
    if (env.MICROSOFT_APP_ID && appType !== 'MultiTenant' && !env.MICROSOFT_APP_TENANT_ID) {
      ctx.addIssue({
        code: 'custom',
        path: ['MICROSOFT_APP_TENANT_ID'],
        message: `is needed for a ${appType} bot: the Directory (tenant) ID from the app registration's Overview`,
      });
    }
  });

/** Reads and validates the environment once; every bad key is listed in one `config.invalid` error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(
    Object.keys(schema.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])),
  );
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${String(i.path[0])} ${i.message}.`);
    throw new AppError(
      'config.invalid',
      `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`,
      { problems },
    );
  }
  const c = result.data;
  const database = parseDatabaseUrl(c.DATABASE_URL)!;
  const slack: SlackConfig | undefined = c.SLACK_BOT_TOKEN
    ? {
        botToken: c.SLACK_BOT_TOKEN,
        signingSecret: c.SLACK_SIGNING_SECRET,
        appToken: c.SLACK_APP_TOKEN,
        apiUrl: c.SLACK_API_URL && (c.SLACK_API_URL.endsWith('/') ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`),
      }
    : undefined;
  const slackApiUrl = c.SLACK_API_URL && (c.SLACK_API_URL.endsWith('/') ? c.SLACK_API_URL : `${c.SLACK_API_URL}/`);
  const slackAdmin: SlackAdminConfig | undefined = c.SLACK_ADMIN_TOKEN
    ? { adminToken: c.SLACK_ADMIN_TOKEN, apiUrl: slackApiUrl }
    : undefined;
  const teams: TeamsConfig = {
    appId: c.MICROSOFT_APP_ID,
    appPassword: c.MICROSOFT_APP_PASSWORD,
    appType: c.MICROSOFT_APP_TYPE ?? 'SingleTenant',
    tenantId: c.MICROSOFT_APP_TENANT_ID,
    local: c.TEAMS_LOCAL === 'on',
  };
  return {
    port: c.PORT,
    host: c.HOST,
    slack,
    slackAdmin,
    github: githubConfig(c),
    teams,
    publicUrl: c.PUBLIC_URL,
    database,
    policyDir: resolve(c.POLICY_DIR),
    logLevel: c.LOG_LEVEL,
    deliveryLeaseMs: c.DELIVERY_LEASE_MS,
    apiRateLimit: c.API_RATE_LIMIT,
    trustedProxyHops: c.TRUSTED_PROXY_HOPS,
    audit: {
      keyFile: c.AUDIT_SIGNING_KEY_FILE && resolve(c.AUDIT_SIGNING_KEY_FILE),
      checkpointDir: c.AUDIT_CHECKPOINT_DIR && resolve(c.AUDIT_CHECKPOINT_DIR),
      witnessUrl: c.AUDIT_WITNESS_URL,
      origin: c.AUDIT_LOG_ORIGIN ?? `${c.PUBLIC_URL ? new URL(c.PUBLIC_URL).host : 'localhost'}/microapp-audit`,
      generatedKeyFile: resolve(
        database.kind === 'sqlite' ? dirname(database.file) : './data',
        'audit-signing-key.pem',
      ),
    },
    siem: siemConfig(c, (path) => resolve(path)),
    reminderSchedule: c.REMINDER_SCHEDULE === 'off' ? undefined : c.REMINDER_SCHEDULE,
    metricsToken: c.METRICS_TOKEN,
    ciOidc: ciOidcConfig(c),
    timeZone: c.TIME_ZONE ?? 'UTC',
    graph:
      c.GRAPH_TENANT_ID && c.GRAPH_CLIENT_ID && c.GRAPH_CLIENT_SECRET
        ? {
            tenantId: c.GRAPH_TENANT_ID,
            clientId: c.GRAPH_CLIENT_ID,
            clientSecret: c.GRAPH_CLIENT_SECRET,
            apiUrl: c.GRAPH_API_URL.replace(/\/+$/, ''),
            loginUrl: c.MICROSOFT_LOGIN_URL.replace(/\/+$/, ''),
          }
        : undefined,
    powerPlatform:
      c.POWER_PLATFORM_REFRESH_TOKEN && c.GRAPH_TENANT_ID && c.GRAPH_CLIENT_ID && c.GRAPH_CLIENT_SECRET
        ? { apiUrl: c.POWER_PLATFORM_API_URL.replace(/\/+$/, ''), refreshToken: c.POWER_PLATFORM_REFRESH_TOKEN }
        : undefined,
    roleGroupsRefreshHours: c.ROLE_GROUPS_REFRESH_HOURS,
    oidc:
      c.OIDC_ISSUER && c.OIDC_CLIENT_ID && c.OIDC_CLIENT_SECRET
        ? { issuer: c.OIDC_ISSUER, clientId: c.OIDC_CLIENT_ID, clientSecret: c.OIDC_CLIENT_SECRET }
        : undefined,
    healthCheckAllowedHosts: c.HEALTH_CHECK_ALLOWED_HOSTS ?? [],
    secrets: [
      ...(database.kind === 'postgres' ? [decodeURIComponent(new URL(database.url).password)] : []),
      ...[
        c.SLACK_BOT_TOKEN,
        c.SLACK_SIGNING_SECRET,
        c.SLACK_APP_TOKEN,
        c.SLACK_ADMIN_TOKEN,
        c.GITHUB_TOKEN,
        c.MICROSOFT_APP_PASSWORD,
        c.METRICS_TOKEN,
        c.GRAPH_CLIENT_SECRET,
        c.POWER_PLATFORM_REFRESH_TOKEN,
        c.OIDC_CLIENT_SECRET,
        c.SIEM_HTTP_TOKEN,
      ].filter((v): v is string => Boolean(v)),
    ].filter(Boolean),
  };
}

/** What a client command (`gate --server`) reads from the environment: nothing of the bot's own settings. */
export interface ClientConfig {
  /** MICROAPP_TOKEN: an API token, or a CI job's OIDC identity token. */
  token?: string;
  timeZone: string;
}

/**
 * Reads the few variables a client of a running bot uses, validated here like the bot's own; the
 * bot's settings (database, Slack, GitHub discovery…) are not read, so a CI runner's environment
 * cannot trip over them.
 */
export function loadClientConfig(env: NodeJS.ProcessEnv = process.env): ClientConfig {
  const problems: string[] = [];
  const token = env.MICROAPP_TOKEN?.trim() || undefined;
  if (token && !/^[\x21-\x7e]{16,8192}$/.test(token))
    problems.push(
      'MICROAPP_TOKEN must be an API token (microapp_…) or a CI identity token, without spaces or line breaks.',
    );
  const zone = env.TIME_ZONE || undefined;
  if (zone && !isTimeZone(zone))
    problems.push(
      'TIME_ZONE must be an IANA time zone name, like Europe/Berlin or America/New_York (leave it unset for UTC).',
    );
  if (problems.length > 0)
    throw new AppError(
      'config.invalid',
      `The configuration has ${problems.length} problem${problems.length === 1 ? '' : 's'}.`,
      { problems },
    );
  return { token, timeZone: zone ?? 'UTC' };
}
