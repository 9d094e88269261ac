import { WebClient } from '@slack/web-api';
import type { Messenger, MessageRef, PlatformPerson } from '../../src/ports/messenger';
import { toMessage } from './block-kit';
import { slackError } from './slack-errors';

/** One post per second per channel is what Slack sustains (chat.postMessage); a little margin keeps us under it. */
const POST_PACING_MS = 1075;
const CHANNEL_IDS_TTL_MS = 10 * 60 * 1000;
/** The metadata event type that marks our posts, so an interrupted send can be checked later. */
const METADATA_EVENT = 'microapp_message';
const CHANNEL_ID = /^[CGD][A-Z0-9]{8,}$/;

/** How the messenger reaches Slack. */
export interface SlackMessengerOptions {
  token: string;
  apiUrl?: string;
  /** Per-call time-out. */
  timeoutMs?: number;
}

/**
 * The Slack side of the Messenger port, over its own Web API client: no SDK retries and
 * rate-limited calls rejected at once, because the delivery worker owns retries and pacing. Posts
 * carry the outbox id as message metadata; `findSent` reads the channel's recent history for it.
 */
export function createSlackMessenger(options: SlackMessengerOptions): Messenger {
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
  });
  const call = async <T>(work: Promise<T>, channel?: string): Promise<T> => {
    try {
      return await work;
    } catch (error) {
      throw slackError(error, channel);
    }
  };
  const dms = new Map<string, string>();
  let channelIds: { at: number; ids: Map<string, string> } | undefined;

  const listChannels = async () => {
    const ids = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 1000,
        cursor,
      });
      for (const c of page.channels ?? []) if (c.id && c.name) ids.set(c.name.toLowerCase(), c.id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    channelIds = { at: Date.now(), ids };
    return ids;
  };

  const person = (
    id: string,
    u: {
      real_name?: string;
      name?: string;
      tz?: string;
      deleted?: boolean;
      profile?: { display_name?: string; email?: string };
    },
  ): PlatformPerson => ({
    ref: `slack:${id}`,
    displayName: u.profile?.display_name || u.real_name || u.name || undefined,
    email: u.profile?.email?.toLowerCase(),
    timeZone: u.tz,
    active: !u.deleted,
  });

  return {
    platform: 'slack',
    async channelAddress(channel) {
      if (CHANNEL_ID.test(channel)) return channel;
      const name = channel.replace(/^#/, '').toLowerCase();
      const fresh = channelIds && Date.now() - channelIds.at < CHANNEL_IDS_TTL_MS ? channelIds.ids : undefined;
      const id = fresh?.get(name) ?? (await listChannels().catch(() => undefined))?.get(name);
      return id ?? channel;
    },
    async directAddress(userId) {
      const known = dms.get(userId);
      if (known) return known;
      const opened = await call(client.conversations.open({ users: userId }));
      const id = opened.channel?.id;
      if (!id) throw slackError({ code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } });
      dms.set(userId, id);
      return id;
    },
    async post(address, view, key) {
      const result = await call(
        client.chat.postMessage({
          channel: address,
          ...toMessage(view),
          unfurl_links: false,
          unfurl_media: false,
          metadata: { event_type: METADATA_EVENT, event_payload: { id: key } },
        }),
        address,
      );
      return { platform: 'slack', address: result.channel ?? address, id: result.ts! };
    },
    async update(ref, view) {
      await call(client.chat.update({ channel: ref.address, ts: ref.id, ...toMessage(view) }), ref.address);
    },
    async findSent(address, key, since): Promise<MessageRef | undefined> {
      const history = await call(
        client.conversations.history({
          channel: address,
          oldest: String(Math.floor(since.getTime() / 1000)),
          include_all_metadata: true,
          limit: 200,
        }),
        address,
      );
      const found = (history.messages ?? []).find((m) => {
        const metadata = (m as { metadata?: { event_type?: string; event_payload?: { id?: unknown } } }).metadata;
        return metadata?.event_type === METADATA_EVENT && metadata.event_payload?.id === key;
      });
      return found?.ts ? { platform: 'slack', address, id: found.ts } : undefined;
    },
    async findPerson(query) {
      try {
        if ('userId' in query) {
          const r = await client.users.info({ user: query.userId });
          return r.user ? person(query.userId, r.user) : undefined;
        }
        const r = await client.users.lookupByEmail({ email: query.email });
        return r.user?.id ? person(r.user.id, r.user) : undefined;
      } catch (error) {
        const mapped = slackError(error);
        if (mapped.code === 'user_not_found' || mapped.code === 'users_not_found') return undefined;
        throw mapped;
      }
    },
    pacingMs: () => POST_PACING_MS,
  };
}
