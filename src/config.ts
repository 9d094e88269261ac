import { resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from './domain/errors';
import type { DatabaseTarget } from './store/database-target';
import { parseDatabaseUrl } from './store/database-target';
import type { LogLevel } from './log/logger';
import { LOG_LEVELS } from './log/logger';

/** Validated configuration. The only place that reads `process.env`. */
export interface Config {
  port: number;
  database: DatabaseTarget;
  policyDir: string;
  logLevel: LogLevel;
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
  return {
    port: c.PORT,
    database,
    policyDir: resolve(c.POLICY_DIR),
    logLevel: c.LOG_LEVEL,
    secrets: database.kind === 'postgres' ? [new URL(database.url).password].filter(Boolean).map(decodeURIComponent) : [],
  };
}
