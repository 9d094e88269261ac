/** A Slack Web API failure, mapped to what an admin should do about it. */
export class SlackDeliveryError extends Error {
  constructor(
    readonly slackError: string,
    readonly fix: string,
  ) {
    super(`Slack refused the call: ${slackError}`);
    this.name = 'SlackDeliveryError';
  }
}

const FIXES: Record<string, (channel?: string) => string> = {
  channel_not_found: (c) => `Check the channel in policies/policy.yaml routing and invite the bot with /invite @microapp in ${c ?? 'it'}.`,
  not_in_channel: (c) => `Invite the bot to ${c ?? 'the channel'} with /invite @microapp.`,
  is_archived: (c) => `${c ?? 'The channel'} is archived; route reviews to another channel in policies/policy.yaml.`,
  invalid_auth: () => 'The bot token is not valid: copy the Bot User OAuth Token into SLACK_BOT_TOKEN and restart.',
  not_authed: () => 'No bot token was sent: set SLACK_BOT_TOKEN and restart.',
  account_inactive: () => 'The bot user was deactivated or the app uninstalled: reinstall the app and update SLACK_BOT_TOKEN.',
  token_revoked: () => 'The bot token was revoked: reinstall the app and update SLACK_BOT_TOKEN.',
  missing_scope: () => 'The app lacks a scope: update it from manifest.json and reinstall it.',
  users_not_found: () => 'No Slack user has that email; check the owner in the registration.',
  user_not_found: () => 'That Slack user no longer exists; transfer the app to a new owner.',
};

/** Turns a thrown Web API error into a SlackDeliveryError with a fix; other errors pass through. */
export function slackError(error: unknown, channel?: string): unknown {
  const code = (error as { data?: { error?: string } } | null)?.data?.error;
  if (!code) return error;
  return new SlackDeliveryError(code, FIXES[code]?.(channel) ?? 'See the Slack API error code in the log.');
}
