import type { Actor } from '../../domain/actor';
import { refersTo } from '../../domain/actor';
import { AppError } from '../../domain/errors';
import type { ChatPlatform, NewOutboundMessage } from '../../domain/outbound';
import { routeKey } from '../../domain/route-key';
import type { Policy } from '../../policy/policy';
import type { Clock } from '../../ports/clock';
import type { Registry, RegistryWith } from '../../ports/registry';
import { roleLabel } from '../../policy/role-label';

/** A channel someone asked to receive approval cards. */
export interface RouteRequest {
  platform: ChatPlatform;
  /** What the admin typed: a tier ("2", "tier 3"), a role ("security") or a destination's name from the policy. */
  asked: string;
  /** The channel's opaque platform address. */
  address: string;
  /** The channel as people call it, for the audit log. */
  place: string;
}

/** Which destinations a channel now serves, and how many waiting cards were queued to it. */
export interface RouteResult {
  routes: string[];
  tiers: number[];
  /** The channel now gets the audit log's checkpoints. */
  checkpoints: boolean;
  queued: number;
}

/**
 * `route <tier or role> here`: an admin makes a channel the place for the policy's destinations
 * on a platform that addresses channels through stored routes (Teams). The channel's address is
 * stored under each destination's name, the change is audited, and the cards of open reviews
 * waiting for those destinations are queued to it (cards that could not be posted before).
 */
export function createRouteChannel(deps: {
  registry: RegistryWith<'audit' | 'outbox' | 'reviews' | 'revisions'> & Pick<Registry, 'addresses'>;
  policy: () => Policy;
  clock: Clock;
}) {
  return async (request: RouteRequest, actor: Actor): Promise<RouteResult> => {
    const policy = deps.policy();
    if (!policy.roles.admin?.members.some((m) => refersTo(m, actor)))
      throw new AppError('route.not_admin', 'Only admins can route approval cards.');
    const { tiers, routes, checkpoints } = resolveRoute(policy, request.platform, request.asked);
    const at = deps.clock.now().toISOString();
    for (const name of routes)
      await deps.registry.addresses.put(request.platform, `route:${routeKey(name)}`, request.address, at);
    const queued = await deps.registry.transaction(async (tx) => {
      const messages: NewOutboundMessage[] = [];
      for (const review of await tx.reviews.open(10_000)) {
        const revision = await tx.revisions.find(review.revisionId);
        for (const d of revision?.assessment.destinations ?? []) {
          if (d.platform === request.platform && routes.some((r) => routeKey(r) === routeKey(d.channel))) {
            messages.push({
              recipient: { kind: 'channel', platform: d.platform, channel: d.channel },
              message: { view: 'approval_card', reviewId: review.id },
              dedupeKey: `route|${review.id}|${d.platform}|${routeKey(d.channel)}|${request.address}`.slice(0, 300),
            });
          }
        }
      }
      await tx.outbox.enqueue(messages, at);
      const details = { routes: routes.join(', '), place: request.place.slice(0, 200), queued: messages.length };
      await tx.audit.append(
        [
          {
            actor,
            action: 'route.set',
            targetType: 'route',
            targetId: `${request.platform}:${routes.map(routeKey).join(',')}`.slice(0, 200),
            outcome: 'success',
            policyVersion: policy.version,
            details,
          },
        ],
        at,
      );
      return messages.length;
    });
    return { routes, tiers, checkpoints, queued };
  };
}

/**
 * The policy's destination names on `platform` that `asked` means, the tiers they serve, and
 * whether one of them is a channel the audit log's checkpoints are posted to (named only by name).
 */
export function resolveRoute(
  policy: Policy,
  platform: ChatPlatform,
  asked: string,
): { tiers: number[]; routes: string[]; checkpoints: boolean } {
  const key = routeKey(asked);
  const entries = Object.entries(policy.routing).map(([tier, r]) => ({
    tier: Number(tier),
    approvals: r!.approvals,
    names: r!.destinations.filter((d) => d.platform === platform).map((d) => d.channel),
  }));
  const tierAsked = /^(?:tier )?([0-9]+)$/.exec(key)?.[1];
  const matches = entries.filter((e) =>
    tierAsked
      ? e.tier === Number(tierAsked)
      : e.approvals.some((a) => routeKey(a.role) === key) || e.names.some((n) => routeKey(n) === key),
  );
  const byName = !tierAsked && !matches.some((e) => e.approvals.some((a) => routeKey(a.role) === key));
  const checkpointRoutes = tierAsked
    ? []
    : policy.audit.checkpointChannels
        .filter((c) => c.platform === platform && routeKey(c.channel) === key)
        .map((c) => c.channel);
  const routes = [
    ...new Set([
      ...matches.flatMap((e) => (byName ? e.names.filter((n) => routeKey(n) === key) : e.names)),
      ...checkpointRoutes,
    ]),
  ];
  if (routes.length > 0)
    return {
      tiers: matches.filter((e) => e.names.length > 0).map((e) => e.tier),
      routes,
      checkpoints: checkpointRoutes.length > 0,
    };
  throw new AppError('route.unknown', unknownRoute(entries, asked, tierAsked !== undefined || matches.length > 0));
}

function unknownRoute(
  entries: { tier: number; approvals: { role: string }[]; names: string[] }[],
  asked: string,
  known: boolean,
): string {
  const routed = entries.filter((e) => e.names.length > 0);
  if (routed.length === 0)
    return 'The policy sends no approval cards to Teams yet: add a destination like { platform: teams, channel: "Micro app reviews" } under routing in policies/policy.yaml, restart, then try again.';
  const choices = routed
    .map(
      (e) =>
        `tier ${e.tier} (${e.approvals.map((a) => roleLabel(a.role).toLowerCase()).join(', ')}; "${e.names.join('", "')}")`,
    )
    .join('; ');
  const shown = asked.length > 40 ? `${asked.slice(0, 40)}…` : asked;
  return `${known ? `"${shown}" has no Teams destination in the policy` : `"${shown}" is not a tier, role or destination in the policy`}. Routes you can set: ${choices}. For example: route tier ${routed[0]!.tier} here.`;
}
