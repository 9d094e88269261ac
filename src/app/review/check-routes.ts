import { routeKey } from '../../domain/route-key';
import type { ChatPlatform, NewOutboundMessage, Notice } from '../../domain/outbound';
import type { PeopleDirectory } from '../../people/people-directory';
import { reachableAdmins } from '../../people/reachable-admins';
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

/** A policy destination on a platform that is not connected: no card is queued for it. */
export interface SkippedDestination {
  platform: ChatPlatform;
  channel: string;
  tiers: number[];
}

/** What the routing in the policy means for the platforms that are connected. */
export interface RouteCheck {
  /** Destinations on platforms that are not connected; their cards are skipped. */
  skipped: SkippedDestination[];
  /** Tiers whose approval cards have no destination on any connected platform. */
  unrouted: number[];
  /** Teams routes no channel serves yet (only while Teams is connected). */
  missing: MissingRoute[];
  /** The admins who were told (reachable on a connected platform). */
  told: string[];
}

const DAY_MS = 86_400_000;

/**
 * Checks the policy's routing against the connected platforms: destinations on other platforms
 * are skipped; a tier left with no destination and Teams routes no channel serves yet are told to
 * the admins reachable on a connected platform (at most once a day each, however many replicas start).
 */
export function createCheckRoutes(deps: {
  registry: RegistryWith<'outbox'> & Pick<Registry, 'addresses'>;
  policy: () => Policy;
  clock: Clock;
  directory: Pick<PeopleDirectory, 'lookup'>;
  platforms: readonly ChatPlatform[];
}) {
  return async (): Promise<RouteCheck> => {
    const policy = deps.policy();
    const connected = (p: ChatPlatform) => deps.platforms.includes(p);
    const tiers = Object.entries(policy.routing)
      .map(([tier, route]) => ({ tier: Number(tier), destinations: route!.destinations }))
      .sort((a, b) => a.tier - b.tier);
    const skipped = new Map<string, SkippedDestination>();
    for (const { tier, destinations } of tiers)
      for (const d of destinations.filter((d) => !connected(d.platform))) {
        const key = `${d.platform}|${routeKey(d.channel)}`;
        const entry = skipped.get(key) ?? { platform: d.platform, channel: d.channel, tiers: [] };
        entry.tiers.push(tier);
        skipped.set(key, entry);
      }
    const unrouted = tiers.filter((t) => !t.destinations.some((d) => connected(d.platform))).map((t) => t.tier);
    const missing = connected('teams') ? await missingRoutes(deps.registry, policy) : [];
    const admins =
      unrouted.length + missing.length > 0 ? await reachableAdmins(policy, deps.platforms, deps.directory) : [];
    if (admins.length > 0) {
      const day = Math.floor(deps.clock.now().getTime() / DAY_MS);
      const alert = (notice: Notice, what: string): NewOutboundMessage[] =>
        noticeTo(admins, notice).map((msg) => ({
          ...msg,
          dedupeKey: `${what}|${day}|${(msg.recipient as { ref: string }).ref.toLowerCase()}`.slice(0, 300),
        }));
      const off = [...new Set([...skipped.values()].map((s) => s.platform))];
      const alerts = [
        ...(unrouted.length
          ? alert(
              { type: 'tier_unrouted', tiers: unrouted, connected: [...deps.platforms], skipped: off },
              `tier-unrouted|${unrouted.join(',')}`,
            )
          : []),
        ...missing.flatMap((m) =>
          alert(
            { type: 'route_missing', platform: m.platform, route: m.route, tiers: m.tiers },
            `route-missing|${m.platform}|${routeKey(m.route)}`,
          ),
        ),
      ];
      await deps.registry.transaction((tx) => tx.outbox.enqueue(alerts, deps.clock.now().toISOString()));
    }
    return { skipped: [...skipped.values()], unrouted, missing, told: admins };
  };
}

async function missingRoutes(registry: Pick<Registry, 'addresses'>, policy: Policy): Promise<MissingRoute[]> {
  const stored = new Set((await registry.addresses.list('teams', 'route:')).map((a) => a.key.slice('route:'.length)));
  const missing = new Map<string, MissingRoute>();
  for (const [tier, route] of Object.entries(policy.routing)) {
    for (const d of route!.destinations.filter((d) => d.platform === 'teams' && !stored.has(routeKey(d.channel)))) {
      const entry = missing.get(routeKey(d.channel)) ?? { platform: 'teams' as const, route: d.channel, tiers: [] };
      entry.tiers.push(Number(tier));
      missing.set(routeKey(d.channel), entry);
    }
  }
  return [...missing.values()];
}
