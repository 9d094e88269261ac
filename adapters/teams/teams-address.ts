import type { ConversationReference } from 'botbuilder';

/** Where a Teams conversation lives: enough to continue it from anywhere, stored as the opaque address the core keeps. */
export interface TeamsAddress {
  serviceUrl: string;
  conversationId: string;
  tenantId?: string;
  /** The bot's id in this conversation (`28:…`). */
  botId?: string;
}

/** What the bot knows about a Teams user: their bot-scoped id (`29:…`) and a conversation they were last seen in (for member look-ups). */
export interface TeamsMember extends TeamsAddress {
  userId: string;
}

/** The address as stored: compact JSON. */
export function encodeAddress(address: TeamsAddress | TeamsMember): string {
  return JSON.stringify(address);
}

/** A stored address back; undefined when it is not one of ours. */
export function decodeAddress<T extends TeamsAddress = TeamsAddress>(text: string | undefined): T | undefined {
  if (!text) return undefined;
  try {
    const parsed = JSON.parse(text) as Partial<TeamsAddress>;
    return typeof parsed.serviceUrl === 'string' && typeof parsed.conversationId === 'string'
      ? (parsed as T)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The SDK's conversation reference for an address; no activity id, so a send starts a new message rather than a reply. */
export function toReference(address: TeamsAddress): Partial<ConversationReference> {
  return {
    channelId: 'msteams',
    serviceUrl: address.serviceUrl,
    conversation: {
      id: address.conversationId,
      tenantId: address.tenantId,
      isGroup: false,
      conversationType: '',
      name: '',
    },
    bot: address.botId ? { id: address.botId, name: 'microapp' } : undefined,
  } as Partial<ConversationReference>;
}
