import { createRedactor } from './redact-secrets';

/** Log levels, quietest last. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Structured fields of a log line. */
export type LogFields = Record<string, unknown>;

/** A structured JSON logger. */
export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const SECRET_KEY = /token|secret|password|authorization|cookie|signature/i;

/**
 * Writes one JSON object per line: time, level, msg, then fields. Fields whose names look secret
 * are replaced, and secrets are blanked where they sit (`createRedactor`).
 */
export function createLogger(options: {
  level: LogLevel;
  secrets?: string[];
  write?: (line: string) => void;
  base?: LogFields;
}): Logger {
  const min = LOG_LEVELS.indexOf(options.level);
  const redact = createRedactor(options.secrets ?? []);
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const log = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (LOG_LEVELS.indexOf(level) < min) return;
    write(
      redact(JSON.stringify({ time: new Date().toISOString(), level, msg, ...options.base, ...fields }, redactKeys)) +
        '\n',
    );
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger({ ...options, base: { ...options.base, ...fields } }),
  };
}

function redactKeys(key: string, value: unknown): unknown {
  if (value instanceof Error)
    return { name: value.name, message: value.message, code: (value as { code?: unknown }).code, cause: value.cause };
  return key && SECRET_KEY.test(key) && typeof value === 'string' ? '[redacted]' : value;
}
