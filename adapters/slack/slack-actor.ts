import type { Actor } from '../../src/domain/actor';
import type { PeopleDirectory } from '../../src/people/people-directory';

/** Builds the core's Actor for a Slack user, with what the directory knows (email for email-based roles, name, time zone). */
export type SlackActorOf = (userId: string, teamId?: string) => Promise<Actor>;

/** Looks the user up through the people directory; a failed look-up still yields an actor without email. */
export function slackActorOf(directory: PeopleDirectory): SlackActorOf {
  return async (userId, teamId) => {
    const person = await directory.seen(`slack:${userId}`).catch(() => undefined);
    return {
      platform: 'slack',
      tenant: teamId,
      userId,
      email: person?.email,
      displayName: person?.displayName,
      timeZone: person?.timeZone,
    };
  };
}
