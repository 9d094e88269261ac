import { z } from 'zod';
import type { GithubConfig } from './config-shape';
import { tokenUrl } from './setting-values';

/** The GitHub discovery settings' schema, spread into the configuration's. */
export const githubSettings = {
  GITHUB_TOKEN: z
    .string()
    .regex(/^[\x21-\x7e]{20,255}$/, {
      error: 'must be a GitHub token (like github_pat_… or ghp_…) without spaces',
    })
    .optional(),
  GITHUB_ORG: z
    .string()
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, {
      error: "must be the organization's login as in its URL (github.com/<org>), like acme",
    })
    .optional(),
  GITHUB_API_URL: tokenUrl('https://api.github.com or https://github.example.com/api/v3').optional(),
  GITHUB_TOPIC: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,49}$/, {
      error: 'must be a GitHub topic: lowercase letters, digits and hyphens, at most 50, like microapp',
    })
    .optional(),
};

type GithubEnv = z.output<z.ZodObject<typeof githubSettings>>;

/** The settings that need each other: the token and the organization go together; the rest count only with both. */
export function githubSettingProblems(env: GithubEnv): { key: string; message: string }[] {
  if (Boolean(env.GITHUB_TOKEN) !== Boolean(env.GITHUB_ORG))
    return [
      env.GITHUB_TOKEN
        ? {
            key: 'GITHUB_ORG',
            message:
              'is needed with GITHUB_TOKEN: the organization to scan, like acme (or unset GITHUB_TOKEN to turn GitHub discovery off)',
          }
        : {
            key: 'GITHUB_TOKEN',
            message:
              'is needed with GITHUB_ORG: a token that can read the organization (or unset GITHUB_ORG to turn GitHub discovery off)',
          },
    ];
  if (env.GITHUB_TOKEN) return [];
  return (['GITHUB_API_URL', 'GITHUB_TOPIC'] as const)
    .filter((key) => env[key])
    .map((key) => ({
      key,
      message: 'only counts with GITHUB_TOKEN and GITHUB_ORG: set both to turn GitHub discovery on, or unset it',
    }));
}

/** GitHub discovery from validated settings, when both the token and the organization are set. */
export function githubConfig(env: GithubEnv): GithubConfig | undefined {
  if (!env.GITHUB_TOKEN || !env.GITHUB_ORG) return undefined;
  return {
    token: env.GITHUB_TOKEN,
    org: env.GITHUB_ORG,
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/+$/, ''),
    topic: env.GITHUB_TOPIC,
  };
}
