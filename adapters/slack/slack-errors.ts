import { ErrorCode } from '@slack/web-api';
import { DeliveryError } from '../../src/ports/delivery-error';

/** Slack error codes that retrying cannot mend, with what an admin should do. */
const PERMANENT: Record<string, (channel?: string) => string> = {
  channel_not_found: (c) =>
    `Check the channel in policies/policy.yaml routing (a channel id like C0123456789 is safest) and invite the bot with /invite @microapp in ${c ?? 'it'}.`,
  not_in_channel: (c) => `Invite the bot to ${c ?? 'the channel'} with /invite @microapp.`,
  is_archived: (c) => `${c ?? 'The channel'} is archived; route reviews to another channel in policies/policy.yaml.`,
  invalid_auth: () => 'The bot token is not valid: copy the Bot User OAuth Token into SLACK_BOT_TOKEN and restart.',
  not_authed: () => 'No bot token was sent: set SLACK_BOT_TOKEN and restart.',
  account_inactive: () =>
    'The bot user was deactivated or the app uninstalled: reinstall the app and update SLACK_BOT_TOKEN.',
  token_revoked: () => 'The bot token was revoked: reinstall the app and update SLACK_BOT_TOKEN.',
  missing_scope: () => 'The app lacks a scope: update it from manifest.json and reinstall it.',
  users_not_found: () => 'No Slack user has that email; check the owner in the registration.',
  user_not_found: () => 'That Slack user no longer exists; transfer their apps to a new owner.',
  user_disabled: () => 'That Slack user is deactivated; transfer their apps to a new owner.',
  cannot_dm_bot: () => 'The recipient is a bot; name a person as owner instead.',
  messages_tab_disabled: () => 'The app cannot send direct messages: turn on the Messages tab in the app settings.',
  restricted_action: (c) =>
    `A workspace setting keeps the bot from posting in ${c ?? 'the channel'}; ask a Slack admin, or route reviews elsewhere.`,
  invalid_blocks: () => 'Slack rejected the message layout; please report this with the log line.',
  msg_too_long: () => 'The message was too long for Slack; please report this with the log line.',
};

/** The fix for an `auth.test` refusal that means the bot token itself is unusable, if `code` is one. */
export function tokenFix(code: string): string | undefined {
  return ['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked'].includes(code)
    ? PERMANENT[code]!()
    : undefined;
}

/** Turns a thrown Web API error into a DeliveryError: permanent with its fix, or retryable (after Retry-After when Slack says). */
export function slackError(error: unknown, channel?: string): DeliveryError {
  const e = error as { code?: string; data?: { error?: string }; retryAfter?: number; statusCode?: number } | null;
  switch (e?.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError({
        code: 'ratelimited',
        permanent: false,
        retryAfterMs: (e.retryAfter ?? 1) * 1000,
        fix: 'Slack asked us to slow down; it is retried.',
        cause: error,
      });
    case ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      const fix = PERMANENT[code];
      if (fix) return new DeliveryError({ code, permanent: true, fix: fix(channel), cause: error });
      return new DeliveryError({ code, permanent: false, fix: 'Slack had a problem; it is retried.', cause: error });
    }
    case ErrorCode.HTTPError:
      return new DeliveryError({
        code: `http_${e.statusCode ?? 'error'}`,
        permanent: false,
        fix: 'Slack did not take the call; it is retried.',
        cause: error,
      });
    default:
      return new DeliveryError({
        code: 'unreachable',
        permanent: false,
        maybeSent: true,
        fix: 'Slack could not be reached (check the network and SLACK_API_URL); it is retried.',
        cause: error,
      });
  }
}
