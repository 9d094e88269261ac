import { HYGIENE_FACTS } from '../../domain/posture-facts';
import type { HygieneFact } from '../../domain/posture-facts';
import type { Registry } from '../../ports/registry';
import type { AppHealth, HealthStatus } from '../../domain/app-health';
import { LIVE_STATUSES } from '../../domain/posture-facts';

/** The share of live apps declaring one hygiene field. */
export interface HygieneShare {
  fact: HygieneFact;
  apps: number;
  /** apps ÷ live, 0 when there are no live apps. */
  share: number;
}

/** The hygiene view's figures. */
export interface Hygiene {
  live: number;
  shares: HygieneShare[];
  /** Approved apps per current health status (apps never checked are not counted). */
  health: { status: HealthStatus; apps: number }[];
  /** Approved apps not healthy now, failing first (at most 200). */
  troubled: (AppHealth & { name: string })[];
}

/** Apps listed as not healthy, at most. */
const TROUBLED = 200;

/** The hygiene view: how many live apps declare logging, a retention period, a backup owner and a health endpoint, and how the checked ones are. */
export function createReadHygiene(deps: { registry: Pick<Registry, 'posture' | 'read'> }) {
  return async (): Promise<Hygiene> => {
    const [live, facts, health, troubled] = await Promise.all([
      deps.registry.posture.appCount(LIVE_STATUSES),
      deps.registry.posture.liveFactCounts(),
      deps.registry.read((tx) => tx.health.counts()),
      deps.registry.read((tx) => tx.health.troubled(TROUBLED)),
    ]);
    return {
      live,
      health,
      troubled,
      shares: HYGIENE_FACTS.map((fact) => {
        const apps = facts.find((f) => f.kind === 'has' && f.value === fact)?.apps ?? 0;
        return { fact, apps, share: live > 0 ? apps / live : 0 };
      }),
    };
  };
}
