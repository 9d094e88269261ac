import type { CloudAdapter } from 'botbuilder';
import { TeamsInfo } from 'botbuilder';
import type { ConversationParameters } from 'botframework-schema';
import type { ConnectorClient } from 'botframework-connector';
import { routeKey } from '../../src/domain/route-key';
import type { AddressBook } from '../../src/ports/address-book';
import type { Clock } from '../../src/ports/clock';
import { DeliveryError } from '../../src/ports/delivery-error';
import type { Messenger, PlatformPerson } from '../../src/ports/messenger';
import type { View } from '../../src/ports/view-model';
import type { TeamsAddress, TeamsMember } from './teams-address';
import { decodeAddress, encodeAddress } from './teams-address';
import type { InConversation } from './teams-conversation';
import { createInConversation } from './teams-conversation';
import { teamsError } from './teams-errors';

/**
 * Teams allows a bot 7 messages a second, 8 in 2 s, 60 in 30 s and 1,800 an hour per conversation
 * (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit); 60 in 30 s is the one a
 * steady lane meets first.
 */
const POST_PACING_MS = 520;

/** What the Teams messenger needs: the SDK adapter, the bot's app id, stored addresses, and how to render a view as a message. */
export interface TeamsMessengerDeps {
  adapter: CloudAdapter;
  appId: string;
  addresses: AddressBook;
  clock: Clock;
  /** Proactive turns in stored conversations; built over `adapter` when not given. */
  inConversation?: InConversation;
  /** The activity that shows a view in a conversation: an Adaptive Card, with the refresh a reviewer's card needs. */
  toActivity(view: View, where: TeamsAddress): Promise<Record<string, unknown>>;
}

/**
 * The Teams side of the Messenger port over the Bot Framework SDK. Channels are reached through
 * routes an admin set with `route … here`; people through their personal chat with the bot, or a
 * new one opened with `POST /v3/conversations` from what the bot learned when it last saw them.
 */
export function createTeamsMessenger(deps: TeamsMessengerDeps): Messenger {
  const { adapter, addresses } = deps;
  const inConversation = deps.inConversation ?? createInConversation(adapter, deps.appId);
  const now = () => deps.clock.now().toISOString();

  const openChat = async (userId: string): Promise<TeamsAddress> => {
    const member = decodeAddress<TeamsMember>((await addresses.get('teams', `user:${userId}`))?.address);
    const tenant = member ? undefined : (await addresses.list('teams', 'tenant:'))[0];
    if (!member && !tenant) {
      throw new DeliveryError({
        code: 'person_not_seen',
        permanent: true,
        fix: 'The bot has never met this person in Teams: ask them to add the microapp app in Teams, or to message it once.',
      });
    }
    const tenantId = member?.tenantId ?? tenant?.key.slice('tenant:'.length);
    const serviceUrl = member?.serviceUrl ?? tenant!.address;
    const parameters = {
      isGroup: false,
      bot: { id: member?.botId ?? `28:${deps.appId}`, name: 'microapp' },
      members: [{ id: member?.userId ?? userId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    } as unknown as ConversationParameters;
    let conversationId: string | undefined;
    try {
      await adapter.createConversationAsync(deps.appId, 'msteams', serviceUrl, '', parameters, async (context) => {
        conversationId = context.activity.conversation?.id;
      });
    } catch (error) {
      throw teamsError(error);
    }
    if (!conversationId)
      throw new DeliveryError({
        code: 'no_conversation',
        permanent: false,
        fix: 'Teams did not open a chat; it is retried.',
      });
    const address: TeamsAddress = { serviceUrl, conversationId, tenantId, botId: member?.botId };
    await addresses.put('teams', `chat:${userId}`, encodeAddress(address), now());
    return address;
  };

  return {
    platform: 'teams',
    async channelAddress(channel) {
      const stored = await addresses.get('teams', `route:${routeKey(channel)}`);
      if (stored) return stored.address;
      throw new DeliveryError({
        code: 'route_missing',
        permanent: true,
        fix: `No Teams channel has the route "${channel}" yet: add the bot to the reviewers' team and type "@microapp route ${channel} here" in their channel; waiting cards are posted there at once.`,
      });
    },
    async directAddress(userId) {
      const chat = await addresses.get('teams', `chat:${userId}`);
      return chat ? chat.address : encodeAddress(await openChat(userId));
    },
    async post(address, view) {
      const target = decodeAddress(address);
      if (!target)
        throw new DeliveryError({
          code: 'bad_address',
          permanent: true,
          fix: 'The stored Teams address is damaged: set the route again with "@microapp route … here".',
        });
      const activity = await deps.toActivity(view, target);
      // A new message, not a reply: the SDK's sendActivity in a continued conversation would post it as a reply to the continuation's own id.
      const sent = await inConversation(target, (context) => {
        const client = context.turnState.get<ConnectorClient>(context.adapter.ConnectorClientKey);
        return client.conversations.sendToConversation(target.conversationId, {
          ...activity,
          channelId: 'msteams',
          serviceUrl: target.serviceUrl,
          from: context.activity.from,
          conversation: { id: target.conversationId },
        } as never);
      });
      if (!sent?.id)
        throw new DeliveryError({
          code: 'no_id',
          permanent: false,
          maybeSent: true,
          fix: 'Teams did not say which message it posted; it is retried.',
        });
      return { platform: 'teams', address, id: sent.id };
    },
    async update(ref, view) {
      const target = decodeAddress(ref.address);
      if (!target) return;
      const activity = await deps.toActivity(view, target);
      await inConversation(target, (context) =>
        context.updateActivity({ ...activity, id: ref.id, conversation: { id: target.conversationId } } as never),
      );
    },
    async findPerson(query): Promise<PlatformPerson | undefined> {
      if (!('userId' in query)) return undefined;
      const member = decodeAddress<TeamsMember>((await addresses.get('teams', `user:${query.userId}`))?.address);
      if (!member) return undefined;
      try {
        const found = await inConversation(member, (context) => TeamsInfo.getMember(context, member.userId));
        return {
          ref: `teams:${query.userId}`,
          displayName: found.name || undefined,
          email: (found.email || found.userPrincipalName)?.toLowerCase(),
          active: true,
        };
      } catch (error) {
        const mapped = error instanceof DeliveryError ? error : teamsError(error);
        if (mapped.code === 'MemberNotFoundInConversation' || mapped.code === 'http_404') return undefined;
        throw mapped;
      }
    },
    pacingMs: () => POST_PACING_MS,
  };
}
