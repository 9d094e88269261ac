import { createTask } from 'node-cron';
import type { AskReport } from '../app/discovery/ask-about-discovered';
import type { ScanOutcome } from '../app/discovery/scan-source';
import type { Logger } from '../log/logger';

/** How often the bot looks for discovery sources that are due: each is scanned every `discovery.everyHours`. */
export const DISCOVERY_CHECK = '*/15 * * * *';

/** The tick that scans due discovery sources. */
export interface DiscoveryScheduler {
  start(): void;
  /** Stops ticking; a scan under way stops after its current page and resumes from its cursor on the next start. */
  stop(): Promise<void>;
}

/**
 * A node-cron task that, every quarter hour, scans the sources due by the policy's
 * `discovery.everyHours`, then runs one round of claim-in-chat (`ask`); never two runs at once in
 * this process, and one replica per source (each scan holds its source with a lease in the database).
 */
export function createDiscoveryScheduler(deps: {
  run: (signal: AbortSignal) => Promise<ScanOutcome[]>;
  /** Asks creators about new items and lists the unclaimed for the admins. */
  ask?: () => Promise<AskReport>;
  logger: Logger;
}): DiscoveryScheduler {
  let running: Promise<void> | undefined;
  const stopping = new AbortController();
  const tick = async () => {
    if (running) return;
    running = (async () => {
      try {
        for (const o of await deps.run(stopping.signal)) {
          if (o.outcome === 'failed')
            deps.logger.warn(`discovery: ${o.source} could not be scanned. Fix: ${o.error?.fix}`, {
              code: o.error?.code,
            });
          else if (o.outcome === 'complete')
            deps.logger.info(`discovery: ${o.source} scanned`, {
              items: o.items,
              added: o.added,
              gone: o.gone,
              resumed: o.resumed,
            });
        }
        if (deps.ask && !stopping.signal.aborted) {
          const r = await deps.ask();
          const admins = r.toAdmins.unknownCreator + r.toAdmins.notMine + r.toAdmins.unanswered;
          if (r.asked.length || r.waiting || r.lookupLater || admins)
            deps.logger.info('discovery: asked about discovered items', {
              asked: r.asked.length,
              waiting: r.waiting,
              lookupLater: r.lookupLater,
              toAdmins: admins,
            });
        }
      } catch (error) {
        deps.logger.error('the discovery run failed; the next tick tries again', { error });
      } finally {
        running = undefined;
      }
    })();
    await running;
  };
  const task = createTask(DISCOVERY_CHECK, tick, { timezone: 'UTC', noOverlap: true, name: 'microapp-discovery' });
  return {
    start() {
      void task.start();
      void tick();
    },
    async stop() {
      stopping.abort();
      await task.stop();
      await task.destroy();
      await running;
    },
  };
}
