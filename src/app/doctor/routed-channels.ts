import type { ChatPlatform } from '../../domain/outbound';
import { routeKey } from '../../domain/route-key';
import type { Policy } from '../../policy/policy';
import type { RoutedChannel } from '../../ports/platform-check';

/** The channels the policy sends approval cards to on one platform, each once (names compared as routes are), with the tiers that use it. */
export function routedChannels(policy: Pick<Policy, 'routing'>, platform: ChatPlatform): RoutedChannel[] {
  const channels = new Map<string, RoutedChannel>();
  for (const [tier, route] of Object.entries(policy.routing).sort(([a], [b]) => Number(a) - Number(b))) {
    for (const d of route?.destinations ?? []) {
      if (d.platform !== platform) continue;
      const entry = channels.get(routeKey(d.channel)) ?? { channel: d.channel, tiers: [] };
      if (!entry.tiers.includes(Number(tier))) entry.tiers.push(Number(tier));
      channels.set(routeKey(d.channel), entry);
    }
  }
  return [...channels.values()];
}
