import type { Finding } from '../domain/finding';
import type { ChatPlatform } from '../domain/outbound';

/** A reviewer channel the policy sends approval cards to on one platform, and the tiers that send them. */
export interface RoutedChannel {
  channel: string;
  tiers: number[];
}

/** Checks one chat platform's connection from the outside: credentials, and that each routed channel can be reached. */
export interface PlatformCheck {
  platform: ChatPlatform;
  /** False when the configuration does not connect this platform (nothing is checked then). */
  configured: boolean;
  /** How to connect it, in plain words, for a policy that routes to it while it is not configured. */
  howToConfigure: string;
  /** Findings about the credentials and the routed channels: a platform that refuses or does not answer is a finding, not an error. */
  check(channels: RoutedChannel[]): Promise<Finding[]>;
}
