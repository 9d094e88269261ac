import type { TurnContext } from 'botbuilder';
import { TeamsInfo } from 'botbuilder';
import type { Logger } from '../../src/log/logger';
import type { PeopleDirectory } from '../../src/people/people-directory';
import type { AddressBook } from '../../src/ports/address-book';
import type { Clock } from '../../src/ports/clock';
import type { TeamsAddress, TeamsMember } from './teams-address';
import { decodeAddress, encodeAddress } from './teams-address';
import type { InConversation } from './teams-conversation';
import { tenantOf } from './teams-people';

/** A conversation's roster is read at most this often (per conversation, across restarts and replicas). */
export const ROSTER_EVERY_MS = 60 * 60 * 1000;
/** Members asked for per page; Teams answers 50 to 500 ("Get Teams specific context": fetch the roster or user profile). */
const PAGE_SIZE = 200;
/** Pages read at most per roster (10,000 members), so one huge team cannot hold a card back for long. */
const MAX_PAGES = 50;
/** Time a roster read may take before the card goes out with what was read so far (well inside the outbox's 60 s lease). */
const READ_BUDGET_MS = 15_000;
/** Routed channels tried at most when a picked person is not in the conversation the form was used in. */
const MAX_ROUTES_TRIED = 3;

/** What the connector says about a member (TeamsChannelAccount); Teams sends the Entra object id as `objectId`. */
export interface RosterMember {
  id?: string;
  name?: string;
  aadObjectId?: string;
  objectId?: string;
  email?: string;
  userPrincipalName?: string;
}

/** Reads channel rosters and single members from the Bot Connector into the people directory and the address book. */
export interface TeamsRoster {
  /**
   * Reads every member of the conversation at `where` (`GET …/pagedmembers`, page by page) and
   * learns their name, email and Teams ids, unless it was read less than an hour ago. True when it
   * read the roster now.
   */
  read(where: TeamsAddress): Promise<boolean>;
  /**
   * Finds the Teams users with these Entra object ids (`GET …/members/{id}`): in the team or
   * conversation the activity came from, else in the channels reviews are routed to. Learns who it
   * finds; who it cannot find is left as the platform left them.
   */
  resolve(context: TurnContext, objectIds: string[]): Promise<void>;
}

/** The roster reader over proactive turns (`inConversation`), the directory and the address book. */
export function createTeamsRoster(deps: {
  inConversation: InConversation;
  addresses: AddressBook;
  people: Pick<PeopleDirectory, 'known' | 'remember'>;
  clock: Clock;
  logger: Logger;
}): TeamsRoster {
  const { addresses } = deps;
  const reading = new Map<string, Promise<boolean>>();

  /** Learns members found in the conversation at `where` (the directory only when Teams says something new) and how to reach each. */
  const learn = async (members: RosterMember[], where: TeamsAddress): Promise<void> => {
    const found = members.flatMap((m) => {
      const objectId = (m.aadObjectId ?? m.objectId)?.toLowerCase();
      return objectId && m.id ? [{ member: m, objectId, ref: `teams:${objectId}` }] : [];
    });
    const known = await deps.people.known(found.map((f) => f.ref));
    const at = deps.clock.now().toISOString();
    for (const { member, objectId, ref } of found) {
      const email = memberEmail(member);
      const displayName = member.name || undefined;
      const person = known.get(ref);
      if (!person || person.email !== email || person.displayName !== displayName)
        await deps.people.remember({ ref, email, displayName, active: true });
      if (!(await addresses.get('teams', `user:${objectId}`))) {
        const address: TeamsMember = { ...where, userId: member.id! };
        await addresses.put('teams', `user:${objectId}`, encodeAddress(address), at);
      }
    }
  };

  const readNow = async (where: TeamsAddress): Promise<boolean> => {
    const key = `roster:${where.conversationId}`;
    const last = await addresses.get('teams', key);
    const now = deps.clock.now();
    if (last && now.getTime() - Date.parse(last.updatedAt) < ROSTER_EVERY_MS) return false;
    // Marked before reading: a failing roster is not asked again within the hour either.
    await addresses.put('teams', key, encodeAddress(where), now.toISOString());
    let token: string | undefined;
    let pages = 0;
    let count = 0;
    const until = now.getTime() + READ_BUDGET_MS;
    try {
      do {
        const page = await deps.inConversation(where, (context) =>
          TeamsInfo.getPagedMembers(context, PAGE_SIZE, token),
        );
        const members = (page?.members ?? []) as RosterMember[];
        count += members.length;
        await learn(members, where);
        token = page?.continuationToken || undefined;
      } while (token && ++pages < MAX_PAGES && deps.clock.now().getTime() < until);
    } catch (error) {
      deps.logger.warn('could not read a Teams channel roster', { error, conversationId: where.conversationId });
      return count > 0;
    }
    if (token)
      deps.logger.warn('read only part of a large Teams roster', {
        members: count,
        conversationId: where.conversationId,
      });
    deps.logger.debug('read a Teams channel roster', { members: count, conversationId: where.conversationId });
    return true;
  };

  const memberIn = async (where: TeamsAddress, objectId: string): Promise<RosterMember | undefined> =>
    deps.inConversation(where, (context) => TeamsInfo.getMember(context, objectId)).catch(() => undefined);

  return {
    read(where) {
      const inFlight = reading.get(where.conversationId);
      if (inFlight) return inFlight;
      const work = readNow(where).finally(() => reading.delete(where.conversationId));
      reading.set(where.conversationId, work);
      return work;
    },
    async resolve(context, objectIds) {
      const a = context.activity;
      if (!a.serviceUrl || !a.conversation?.id) return;
      const here: TeamsAddress = {
        serviceUrl: a.serviceUrl,
        conversationId: a.conversation.id.split(';')[0]!,
        tenantId: tenantOf(a as never),
        botId: a.recipient?.id,
      };
      let routes: TeamsAddress[] | undefined;
      for (const objectId of new Set(objectIds)) {
        const member = (await TeamsInfo.getMember(context, objectId).catch(() => undefined)) as
          | RosterMember
          | undefined;
        if (member) {
          await learn([member], here);
          continue;
        }
        routes ??= await routedChannels();
        for (const where of routes) {
          const found = await memberIn(where, objectId);
          if (found) {
            await learn([found], where);
            break;
          }
        }
      }
    },
  };

  /** The distinct channels reviews are routed to, the first few. */
  async function routedChannels(): Promise<TeamsAddress[]> {
    const byConversation = new Map<string, TeamsAddress>();
    for (const stored of await addresses.list('teams', 'route:')) {
      const where = decodeAddress(stored.address);
      if (where && !byConversation.has(where.conversationId)) byConversation.set(where.conversationId, where);
    }
    return [...byConversation.values()].slice(0, MAX_ROUTES_TRIED);
  }
}

/** A member's email: the one Teams gives, else their sign-in name unless it is a guest's (`…#EXT#@…`). */
function memberEmail(member: RosterMember): string | undefined {
  const email = member.email || (member.userPrincipalName?.includes('#EXT#') ? undefined : member.userPrincipalName);
  return email?.toLowerCase() || undefined;
}
