import type { ChatPlatform } from '../domain/outbound';

/** A stored address: what it is called on its platform, the opaque address, and when it was last written. */
export interface StoredAddress {
  key: string;
  address: string;
  updatedAt: string;
}

/**
 * Addresses a platform can only reach with something it handed us earlier (a Teams conversation
 * reference per person, per reviewer route, per tenant), keyed per platform. Writes replace.
 */
export interface AddressBook {
  get(platform: ChatPlatform, key: string): Promise<StoredAddress | undefined>;
  /** The stored addresses among `keys`, by key, in as few reads as the store allows (keys with none are left out). */
  getMany(platform: ChatPlatform, keys: readonly string[]): Promise<Map<string, StoredAddress>>;
  put(platform: ChatPlatform, key: string, address: string, at: string): Promise<void>;
  /** Every address whose key starts with `prefix`, by key. */
  list(platform: ChatPlatform, prefix: string): Promise<StoredAddress[]>;
}
