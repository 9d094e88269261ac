import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from './domain/errors';
import type { DatabaseTarget } from './store/database-target';
import { parseDatabaseUrl } from './store/database-target';
import type { LogLevel } from './log/logger';
import { LOG_LEVELS } from './log/logger';

/** How the bot talks to Slack, when it does. */
export interface SlackConfig {
  botToken: string;
  /** HTTP mode: requests arrive at POST /slack/events, signed with this secret. */
  signingSecret?: string;
  /** Socket Mode: the bot connects out to Slack; no public URL needed. */
  appToken?: string;
  /** Web API base URL, for GovSlack, proxies and tests; ends with `/api/`. */
  apiUrl?: string;
}

/** Validated configuration. The only place that reads `process.env`. */
export interface Config {
  port: number;
  /** Absent when the Slack variables are not set: Slack is off. */
  slack?: SlackConfig;
  database: DatabaseTarget;
  policyDir: string;
  logLevel: LogLevel;
  /** How long a claimed outbox row stays with the worker that claimed it; a crashed worker's rows are sent by another after this. */
  deliveryLeaseMs: number;
  /** Values to blank out of every log line (tokens, passwords). */
  secrets: string[];
}

const schema = z.object({
  PORT: z
    .string()
    .default('3000')
    .refine((v) => /^\d+$/.test(v) && Number(v) <= 65535, { error: 'must be a port number from 0 to 65535, like 3000' })
    .transform(Number),
  DATABASE_URL: z
    .string()
    .optional()
    .refine((v) => parseDatabaseUrl(v) !== undefined, {
      error: 'must be postgres://user:password@host:5432/db, or sqlite:<file> (leave it unset for ./data/microapp.db)',
    }),
  POLICY_DIR: z.string().min(1, { error: 'must name the policy folder, like ./policies' }).default('./policies'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
  DELIVERY_LEASE_MS: z
    .string()
    .default('60000')
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1000, { error: 'must be a whole number of milliseconds, at least 1000, like 60000' })
    .transform(Number),
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-[\w-]+$/, { error: 'must be the bot token from OAuth & Permissions, starting xoxb-' }).optional(),
  SLACK_SIGNING_SECRET: z.string().regex(/^[0-9a-f]{16,128}$/i, { error: 'must be the Signing Secret from Basic Information (hexadecimal)' }).optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-[\w-]+$/, { error: 'must be an app-level token with connections:write, starting xapp-' }).optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, like https://slack.com/api/' }).optional(),
}).superRefine((env, ctx) => {
  const slackVars = ['SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'SLACK_API_URL'] as const;
  if (!env.SLACK_BOT_TOKEN && slackVars.some((k) => env[k])) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'is needed too: Slack settings are set but the bot token is not' });
  }
  if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
    ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'is needed with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)' });
  }
});

/** Reads and validates the environment once; every bad key is listed in one `config.invalid` error. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.keys(schema.shape).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])));
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${String(i.path[0])} ${i.message}.`);
    throw new AppError('config.invalid', `The configuration has ${problems.length} problem(s).`, { problems });
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
  return {
    port: c.PORT,
    slack,
    database,
    policyDir: resolve(c.POLICY_DIR),
    logLevel: c.LOG_LEVEL,
    deliveryLeaseMs: c.DELIVERY_LEASE_MS,
    secrets: [
      ...(database.kind === 'postgres' ? [decodeURIComponent(new URL(database.url).password)] : []),
      ...[c.SLACK_BOT_TOKEN, c.SLACK_SIGNING_SECRET, c.SLACK_APP_TOKEN].filter((v): v is string => Boolean(v)),
    ].filter(Boolean),
  };
}
