import { routeKey } from '../../domain/route-key';
import type { ChatPlatform } from '../../domain/outbound';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { Registry, RegistryWith } from '../../ports/registry';
import { noticeTo } from '../../domain/outbound-messages';

/** A policy destination that names a route no channel has been given yet. */
export interface MissingRoute {
  platform: ChatPlatform;
  route: string;
  tiers: number[];
}

const DAY_MS = 86_400_000;

/**
 * Finds the policy's destinations on a routed platform (Teams) that no channel serves yet, and
 * tells the admins about each (at most once a day per route, however many replicas start).
 */
export function createCheckRoutes(deps: {
  registry: RegistryWith<'outbox'> & Pick<Registry, 'addresses'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return async (platform: ChatPlatform): Promise<MissingRoute[]> => {
    const policy = deps.policy();
    const stored = new Set(
      (await deps.registry.addresses.list(platform, 'route:')).map((a) => a.key.slice('route:'.length)),
    );
    const missing = new Map<string, MissingRoute>();
    for (const [tier, route] of Object.entries(policy.routing)) {
      for (const d of route!.destinations.filter((d) => d.platform === platform && !stored.has(routeKey(d.channel)))) {
        const entry = missing.get(routeKey(d.channel)) ?? { platform, route: d.channel, tiers: [] };
        entry.tiers.push(Number(tier));
        missing.set(routeKey(d.channel), entry);
      }
    }
    const admins = policy.roles.admin?.members ?? [];
    if (missing.size > 0 && admins.length > 0) {
      const day = Math.floor(deps.clock.now().getTime() / DAY_MS);
      const alerts = [...missing.values()].flatMap((m) =>
        noticeTo(admins, { type: 'route_missing', platform, route: m.route, tiers: m.tiers }).map((msg) => ({
          ...msg,
          dedupeKey:
            `route-missing|${platform}|${routeKey(m.route)}|${day}|${(msg.recipient as { ref: string }).ref.toLowerCase()}`.slice(
              0,
              300,
            ),
        })),
      );
      await deps.registry.transaction((tx) => tx.outbox.enqueue(alerts, deps.clock.now().toISOString()));
    }
    return [...missing.values()];
  };
}
