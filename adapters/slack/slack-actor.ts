import type { Actor } from '../../src/domain/actor';
import type { SlackMessenger } from './slack-messenger';

/** Builds the core's Actor for a Slack user, with the email the directory knows (for email-based roles). */
export type SlackActorOf = (userId: string, teamId?: string) => Promise<Actor>;

/** Looks the user up (cached by the messenger); a failed look-up still yields an actor without email. */
export function slackActorOf(messenger: SlackMessenger): SlackActorOf {
  return async (userId, teamId) => {
    const user = await messenger.user(userId).catch(() => undefined);
    return { platform: 'slack', tenant: teamId, userId, email: user?.email, displayName: user?.name };
  };
}
