import { createTask } from 'node-cron';
import type { HealthRoundReport } from '../app/health/run-health-round';
import type { Logger } from '../log/logger';

/** How often the bot looks for apps whose health check is due: each is checked every `healthChecks.everyMinutes`. */
export const HEALTH_CHECK_TICK = '* * * * *';

/** The tick that runs health rounds. */
export interface HealthScheduler {
  start(): void;
  /** Stops ticking; checks under way end (or time out) and the round stops before the next app. */
  stop(): Promise<void>;
}

/**
 * A node-cron task that, every minute, checks the apps whose health check is due; never two rounds at
 * once in this process, and one replica at a time (the round holds a lease in the database).
 */
export function createHealthScheduler(deps: {
  run: (signal: AbortSignal) => Promise<HealthRoundReport>;
  logger: Logger;
}): HealthScheduler {
  let running: Promise<void> | undefined;
  const stopping = new AbortController();
  const tick = async () => {
    if (running || stopping.signal.aborted) return;
    running = (async () => {
      try {
        const report = await deps.run(stopping.signal);
        if (report.results.length > 0 || report.unstored > 0)
          deps.logger.info('health round', { ...report.counts, unstored: report.unstored, ms: Math.round(report.ms) });
      } catch (error) {
        deps.logger.error('the health round failed; the next tick tries again', { error });
      } finally {
        running = undefined;
      }
    })();
    await running;
  };
  const task = createTask(HEALTH_CHECK_TICK, tick, { timezone: 'UTC', noOverlap: true, name: 'microapp-health' });
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
