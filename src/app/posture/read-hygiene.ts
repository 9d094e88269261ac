import { HYGIENE_FACTS } from '../../domain/posture-facts';
import type { HygieneFact } from '../../domain/posture-facts';
import type { Registry } from '../../ports/registry';
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
}

/** The hygiene view: how many live apps declare logging, a retention period, a backup owner and a health endpoint. */
export function createReadHygiene(deps: { registry: Pick<Registry, 'posture'> }) {
  return async (): Promise<Hygiene> => {
    const [live, facts] = await Promise.all([
      deps.registry.posture.appCount(LIVE_STATUSES),
      deps.registry.posture.liveFactCounts(),
    ]);
    return {
      live,
      shares: HYGIENE_FACTS.map((fact) => {
        const apps = facts.find((f) => f.kind === 'has' && f.value === fact)?.apps ?? 0;
        return { fact, apps, share: live > 0 ? apps / live : 0 };
      }),
    };
  };
}
