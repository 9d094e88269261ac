import type { WebClient } from '@slack/web-api';
import type { Messenger } from '../../src/ports/messenger';
import { toMessage } from './block-kit';
import { slackError } from './slack-errors';

const NAME_TTL_MS = 10 * 60 * 1000;

/** Who a Slack user is, as far as the bot needs. */
export interface SlackUser {
  id: string;
  name: string;
  email?: string;
  timeZone?: string;
  active: boolean;
}

/** The Slack side of the Messenger port, plus the user look-ups the handlers need. */
export interface SlackMessenger extends Messenger {
  user(id: string): Promise<SlackUser | undefined>;
}

/** Awaits a Web API call, turning a Slack error into one that carries its fix. */
function mapped<T>(call: Promise<T>, channel?: string): Promise<T> {
  return call.catch((error: unknown) => {
    throw slackError(error, channel);
  });
}

/** Posts, updates and direct-messages through the Web API; failures carry the fix an admin needs. */
export function createSlackMessenger(client: WebClient, now: () => number): SlackMessenger {
  const users = new Map<string, { at: number; user: SlackUser | undefined }>();
  const user = async (id: string) => {
    const cached = users.get(id);
    if (cached && now() - cached.at < NAME_TTL_MS) return cached.user;
    const r = await mapped(client.users.info({ user: id }));
    const found = r.user && { id, name: r.user.profile?.display_name || r.user.real_name || r.user.name || id, email: r.user.profile?.email?.toLowerCase(), timeZone: r.user.tz, active: !r.user.deleted };
    users.set(id, { at: now(), user: found });
    return found;
  };
  const userId = async (ref: string) => {
    const id = /^slack:(\w+)$/.exec(ref)?.[1];
    if (id) return id;
    return (await mapped(client.users.lookupByEmail({ email: ref }))).user?.id;
  };
  return {
    platform: 'slack',
    user,
    async post(channel, view) {
      const result = await mapped(client.chat.postMessage({ channel, ...toMessage(view), unfurl_links: false, unfurl_media: false }), channel);
      return { platform: 'slack', channel: result.channel ?? channel, id: result.ts! };
    },
    async update(ref, view) {
      await mapped(client.chat.update({ channel: ref.channel, ts: ref.id, ...toMessage(view) }), ref.channel);
    },
    async sendToUser(ref, view) {
      const id = await userId(ref);
      if (!id) return;
      const dm = await mapped(client.conversations.open({ users: id }));
      await mapped(client.chat.postMessage({ channel: dm.channel!.id!, ...toMessage(view), unfurl_links: false, unfurl_media: false }));
    },
    async displayName(ref) {
      const id = /^slack:(\w+)$/.exec(ref)?.[1];
      return id ? (await user(id))?.name : undefined;
    },
  };
}
