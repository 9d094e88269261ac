import type { TurnContext } from 'botbuilder';
import type { Actor } from '../../src/domain/actor';
import type { PeopleDirectory } from '../../src/people/people-directory';
import type { AddressBook } from '../../src/ports/address-book';
import type { Clock } from '../../src/ports/clock';
import type { TeamsAddress, TeamsMember } from './teams-address';
import { encodeAddress } from './teams-address';

/** The fields of a Teams activity this adapter reads about who sent it and where. */
interface Sender {
  serviceUrl?: string;
  from?: { id?: string; name?: string; aadObjectId?: string };
  recipient?: { id?: string };
  conversation?: { id?: string; conversationType?: string; tenantId?: string };
  channelData?: { tenant?: { id?: string } };
  localTimezone?: string;
}

/** The Teams user id the core knows a person by: the Entra object id when Teams sends it (what roles.yaml names), else the bot-scoped `29:` id. */
export function teamsUserId(activity: Sender): string | undefined {
  return activity.from?.aadObjectId ?? activity.from?.id;
}

/** The tenant an activity came from. */
export function tenantOf(activity: Sender): string | undefined {
  return activity.conversation?.tenantId ?? activity.channelData?.tenant?.id;
}

/**
 * Keeps what the bot needs to reach people later, from every inbound activity: the sender's
 * bot-scoped id and a conversation to look them up in, their personal chat when this is one, and
 * the tenant's service URL. Writes only what changed since this process last wrote it.
 */
export function createAddressCapture(deps: { addresses: AddressBook; clock: Clock }) {
  const written = new Map<string, string>();
  const put = async (key: string, address: string) => {
    if (written.get(key) === address) return;
    await deps.addresses.put('teams', key, address, deps.clock.now().toISOString());
    if (written.size > 50_000) written.clear();
    written.set(key, address);
  };
  return async (activity: Sender): Promise<void> => {
    const serviceUrl = activity.serviceUrl;
    // A channel thread's id carries ";messageid=…"; the channel itself is what later look-ups need, and keeping it steady spares a write per click.
    const conversationId = activity.conversation?.id?.split(';')[0];
    const tenantId = tenantOf(activity);
    const user = teamsUserId(activity);
    if (!serviceUrl || !conversationId) return;
    if (tenantId) await put(`tenant:${tenantId}`, serviceUrl);
    if (!user || !activity.from?.id) return;
    const member: TeamsMember = {
      serviceUrl,
      conversationId,
      tenantId,
      botId: activity.recipient?.id,
      userId: activity.from.id,
    };
    await put(`user:${user}`, encodeAddress(member));
    if (activity.conversation?.conversationType === 'personal') {
      const chat: TeamsAddress = { serviceUrl, conversationId, tenantId, botId: activity.recipient?.id };
      await put(`chat:${user}`, encodeAddress(chat));
    }
  };
}

/** Builds the core's Actor for the sender, with what the directory knows (email for email-based roles, name, time zone). */
export async function teamsActorOf(directory: PeopleDirectory, context: TurnContext): Promise<Actor> {
  const activity = context.activity as Sender;
  const userId = teamsUserId(activity) ?? 'unknown';
  const ref = `teams:${userId}`;
  let person = await directory.seen(ref).catch(() => undefined);
  const name = activity.from?.name || undefined;
  if (!person || (!person.timeZone && activity.localTimezone) || (!person.displayName && name)) {
    const facts = {
      ref,
      email: person?.email,
      displayName: person?.displayName ?? name,
      timeZone: person?.timeZone ?? activity.localTimezone,
      active: true,
    };
    person = await directory.remember(facts).catch(() => person);
  }
  return {
    platform: 'teams',
    tenant: tenantOf(activity),
    userId,
    email: person?.email,
    displayName: person?.displayName ?? activity.from?.name,
    timeZone: person?.timeZone ?? activity.localTimezone,
  };
}
