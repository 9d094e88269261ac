import type { ChatPlatform } from '../domain/outbound';
import type { View } from './view-model';

/**
 * Where a posted message lives, so it can be updated later. `address` is opaque to the core: each
 * adapter encodes its own (a Slack channel id; a Teams conversation reference with service URL and
 * tenant).
 */
export interface MessageRef {
  platform: ChatPlatform;
  address: string;
  id: string;
}

/** What a platform knows about one of its users. */
export interface PlatformPerson {
  /** The user ref, like `slack:U012AB3CD`. */
  ref: string;
  displayName?: string;
  email?: string;
  /** IANA time zone, like `Europe/Berlin`. */
  timeZone?: string;
  /** False when the platform says the account is gone or deactivated. */
  active: boolean;
}

/** Sends neutral views on one chat platform. Failures are thrown as `DeliveryError`. */
export interface Messenger {
  readonly platform: ChatPlatform;
  /** The address of a reviewer destination named in the policy (a channel id or name, a route). */
  channelAddress(channel: string): Promise<string>;
  /** The address of a direct conversation with one of this platform's users (`userId` without the platform prefix). */
  directAddress(userId: string): Promise<string>;
  /** Posts a message; `key` is stamped on it so `findSent` can tell later whether it went out. */
  post(address: string, view: View, key: string): Promise<MessageRef>;
  /** Replaces a posted message in place. */
  update(ref: MessageRef, view: View): Promise<void>;
  /** A message posted with `key` at or after `since`, when the platform lets us check; undefined when none is found. */
  findSent?(address: string, key: string, since: Date): Promise<MessageRef | undefined>;
  /** Looks a person up by user id (without the platform prefix) or by email; undefined when unknown. */
  findPerson(query: { userId: string } | { email: string }): Promise<PlatformPerson | undefined>;
  /** The shortest gap between two posts to one address that the platform accepts without throttling. */
  pacingMs(address: string): number;
}
