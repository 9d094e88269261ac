import { z } from 'zod';
import type { CiOidcConfig } from './config-shape';
import { tokenUrl } from './setting-values';

/** The settings of CI identity tokens (the gate's keyless sign-in), spread into the configuration's schema. */
export const ciOidcSettings = {
  CI_OIDC_AUDIENCE: z
    .string()
    .regex(/^[\x21-\x7e]{1,200}$/, {
      error:
        'must be the audience CI jobs request for their identity token, up to 200 visible characters without spaces, like https://microapp.example.com',
    })
    .optional(),
  GITHUB_OIDC_ISSUER: tokenUrl('https://token.actions.githubusercontent.com').optional(),
  GITLAB_OIDC_ISSUER: tokenUrl('https://gitlab.com or https://gitlab.example.com').optional(),
};

type CiOidcEnv = z.output<z.ZodObject<typeof ciOidcSettings>>;

/** The issuers count only with an audience. */
export function ciOidcSettingProblems(env: CiOidcEnv): { key: string; message: string }[] {
  if (env.CI_OIDC_AUDIENCE) return [];
  return (['GITHUB_OIDC_ISSUER', 'GITLAB_OIDC_ISSUER'] as const)
    .filter((key) => env[key])
    .map((key) => ({
      key,
      message:
        'only counts with CI_OIDC_AUDIENCE: set it to the audience CI jobs request to turn CI identity tokens on, or unset this',
    }));
}

/** CI identity tokens from validated settings, when an audience is set. */
export function ciOidcConfig(env: CiOidcEnv): CiOidcConfig | undefined {
  if (!env.CI_OIDC_AUDIENCE) return undefined;
  return {
    audience: env.CI_OIDC_AUDIENCE,
    githubIssuer: (env.GITHUB_OIDC_ISSUER ?? 'https://token.actions.githubusercontent.com').replace(/\/+$/, ''),
    gitlabIssuer: (env.GITLAB_OIDC_ISSUER ?? 'https://gitlab.com').replace(/\/+$/, ''),
  };
}
