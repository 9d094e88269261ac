import { DiscoverySourceError } from '../../../src/ports/discovery-source';

/** How to give the admin token a missing user scope. */
const grantScope = (scope: string) =>
  `Add the user token scope ${scope} to the Slack app (OAuth & Permissions → User Token Scopes), have an org owner or admin reinstall it on the whole Enterprise Grid org (the workspace, for the admin scope), then put the new xoxp- token in SLACK_ADMIN_TOKEN.`;

/** Slack error codes that mean the token or its user cannot do this until an admin acts, with the fix. */
const PERMANENT: Record<string, (scope: string) => string> = {
  missing_scope: grantScope,
  not_allowed_token_type: (scope) =>
    `SLACK_ADMIN_TOKEN must be a user token (xoxp-) of an org owner or admin, not a bot or app token. ${grantScope(scope)}`,
  invalid_auth: () =>
    'SLACK_ADMIN_TOKEN was refused: copy the User OAuth Token (xoxp-) of the org-installed app into SLACK_ADMIN_TOKEN.',
  not_authed: () =>
    'No token was sent: set SLACK_ADMIN_TOKEN to the User OAuth Token (xoxp-) of the org-installed app.',
  token_revoked: () =>
    'SLACK_ADMIN_TOKEN was revoked: reinstall the app on the org and put its new token in SLACK_ADMIN_TOKEN.',
  token_expired: () =>
    'SLACK_ADMIN_TOKEN has expired: reinstall the app on the org and put its new token in SLACK_ADMIN_TOKEN.',
  account_inactive: () =>
    'SLACK_ADMIN_TOKEN belongs to a deactivated user: reinstall the app as an active org owner or admin and update SLACK_ADMIN_TOKEN.',
  not_an_admin: () =>
    "SLACK_ADMIN_TOKEN's user is not an admin: reinstall the app as an org owner or admin and update SLACK_ADMIN_TOKEN.",
  not_allowed: () =>
    "SLACK_ADMIN_TOKEN's user may not call Slack's admin methods: reinstall the app as an org owner or admin and update SLACK_ADMIN_TOKEN.",
  app_management_app_not_installed_on_org: () =>
    'Install the app on the whole Enterprise Grid org (not one workspace), then put its User OAuth Token in SLACK_ADMIN_TOKEN.',
};

/** The DiscoverySourceError for a Web API answer with `ok: false`; `scope` is what the method needs. */
export function slackAnswerError(
  method: string,
  answer: { error?: unknown; needed?: unknown },
  scope: string,
): DiscoverySourceError {
  const code = typeof answer.error === 'string' ? answer.error : 'unknown_error';
  const needed = typeof answer.needed === 'string' && answer.needed ? answer.needed : scope;
  const fix = PERMANENT[code];
  if (fix)
    return new DiscoverySourceError({ source: 'slack', code: `slack.${code}`, fix: fix(needed), permanent: true });
  if (code === 'ratelimited') return rateLimited(method, undefined);
  return new DiscoverySourceError({
    source: 'slack',
    code: `slack.${code}`,
    fix: `Slack answered ${method} with "${code}"; the scan tries again later. If it keeps failing, look the code up on Slack's page for ${method}.`,
    permanent: false,
  });
}

/** Slack asked us to slow down; the scan resumes after Retry-After (a minute when Slack gave none). */
export function rateLimited(method: string, retryAfter: string | null | undefined): DiscoverySourceError {
  const seconds = retryAfter && /^\d+$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : 60;
  return new DiscoverySourceError({
    source: 'slack',
    code: 'slack.ratelimited',
    fix: `Slack rate-limited ${method}; the scan goes on from the page it was on after ${seconds} s (after a longer wait the scan stops and goes on from that page once the wait is over, at least an hour later).`,
    permanent: false,
    retryAfterMs: seconds * 1000,
  });
}

/** The Web API could not be reached or did not answer like Slack. */
export function unreachable(method: string, apiUrl: string, detail: string, cause?: unknown): DiscoverySourceError {
  return new DiscoverySourceError({
    source: 'slack',
    code: 'slack.unreachable',
    fix: `${method} at ${apiUrl} ${detail}; the scan tries again later. If it persists, check SLACK_API_URL (leave it unset for https://slack.com/api/) and any proxy.`,
    permanent: false,
    cause,
  });
}
