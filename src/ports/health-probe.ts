import type { ProbeResult } from '../domain/app-health';

/** Calls an app's health endpoint over https, refusing addresses it must not reach; never throws. */
export interface HealthProbe {
  /** One GET of `url`: the status code and at most the capped body, or why there was no answer. */
  check(url: string, signal?: AbortSignal): Promise<ProbeResult>;
}
