import { z } from 'zod';
import { tokenUrl } from './setting-values';

/** The request shapes of the collectors the HTTP sink speaks to. */
export const SIEM_HTTP_FORMATS = ['splunk', 'elastic', 'datadog', 'json'] as const;
/** One of SIEM_HTTP_FORMATS. */
export type SiemHttpFormat = (typeof SIEM_HTTP_FORMATS)[number];

/** Where audit events are forwarded for the SIEM; every part optional. */
export interface SiemConfig {
  /** SIEM_FILE: a JSON-lines file rotated at `maxBytes`, `keep` files in all. */
  file?: { file: string; maxBytes: number; keep: number };
  /** SIEM_SYSLOG_URL: tcp://host:port or udp://host:port. */
  syslogUrl?: string;
  /** SIEM_HTTP_URL, SIEM_HTTP_TOKEN, SIEM_HTTP_FORMAT. */
  http?: { url: string; token: string; format: SiemHttpFormat };
}

/** The SIEM settings' schema, spread into the configuration's. */
export const siemSettings = {
  SIEM_FILE: z.string().min(1).optional(),
  SIEM_FILE_MAX_MB: z
    .string()
    .refine((v) => /^\d+(\.\d+)?$/.test(v) && Number(v) >= 0.001 && Number(v) <= 1_000_000, {
      error: 'must be the size in megabytes a SIEM file grows to before it rotates, like 100',
    })
    .transform(Number)
    .optional(),
  SIEM_FILE_KEEP: z
    .string()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 1000, {
      error: 'must be how many SIEM files to keep, the current one included, a whole number from 1 to 1000, like 5',
    })
    .transform(Number)
    .optional(),
  SIEM_SYSLOG_URL: z
    .string()
    .refine(
      (v) => {
        try {
          const url = new URL(v);
          return (url.protocol === 'tcp:' || url.protocol === 'udp:') && url.hostname !== '' && url.pathname === '';
        } catch {
          return false;
        }
      },
      { error: 'must be tcp://host:port or udp://host:port of the syslog server, like tcp://siem.example.com:514' },
    )
    .optional(),
  SIEM_HTTP_URL: tokenUrl('https://splunk.example.com:8088').optional(),
  SIEM_HTTP_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{8,4096}$/, {
      error: "must be the collector's token or API key, without spaces (see docs/audit.md)",
    })
    .optional(),
  SIEM_HTTP_FORMAT: z.enum(SIEM_HTTP_FORMATS, { error: `must be one of ${SIEM_HTTP_FORMATS.join(', ')}` }).optional(),
};

type SiemEnv = z.output<z.ZodObject<typeof siemSettings>>;

/** The settings that need each other: each missing one is named with what to set. */
export function siemSettingProblems(env: SiemEnv): { key: string; message: string }[] {
  const problems: { key: string; message: string }[] = [];
  if (env.SIEM_HTTP_URL && !env.SIEM_HTTP_TOKEN)
    problems.push({
      key: 'SIEM_HTTP_TOKEN',
      message: "is needed with SIEM_HTTP_URL: the collector's token or API key",
    });
  if (env.SIEM_HTTP_URL && !env.SIEM_HTTP_FORMAT)
    problems.push({
      key: 'SIEM_HTTP_FORMAT',
      message: `is needed with SIEM_HTTP_URL: one of ${SIEM_HTTP_FORMATS.join(', ')} (splunk for an HTTP Event Collector)`,
    });
  if (!env.SIEM_FILE)
    for (const key of ['SIEM_FILE_MAX_MB', 'SIEM_FILE_KEEP'] as const)
      if (env[key] !== undefined)
        problems.push({ key, message: 'only counts with SIEM_FILE: set it to the file to write, or unset this' });
  if (!env.SIEM_HTTP_URL)
    for (const key of ['SIEM_HTTP_TOKEN', 'SIEM_HTTP_FORMAT'] as const)
      if (env[key])
        problems.push({
          key,
          message: "only counts with SIEM_HTTP_URL: set it to the collector's address, or unset this",
        });
  return problems;
}

/** The SIEM part of the configuration from validated settings. */
export function siemConfig(env: SiemEnv, resolvePath: (path: string) => string): SiemConfig {
  return {
    ...(env.SIEM_FILE && {
      file: {
        file: resolvePath(env.SIEM_FILE),
        maxBytes: Math.round((env.SIEM_FILE_MAX_MB ?? 100) * 1024 * 1024),
        keep: env.SIEM_FILE_KEEP ?? 5,
      },
    }),
    ...(env.SIEM_SYSLOG_URL && { syslogUrl: env.SIEM_SYSLOG_URL }),
    ...(env.SIEM_HTTP_URL &&
      env.SIEM_HTTP_TOKEN &&
      env.SIEM_HTTP_FORMAT && {
        http: { url: env.SIEM_HTTP_URL, token: env.SIEM_HTTP_TOKEN, format: env.SIEM_HTTP_FORMAT },
      }),
  };
}
