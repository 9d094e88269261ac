import { createTask } from 'node-cron';
import type { SweepReport } from '../app/sweep/run-due-work';
import type { Logger } from '../log/logger';
import type { Clock } from '../ports/clock';

/** What the health check shows of the scheduler. */
export interface SchedulerStatus {
  schedule: string;
  lastTickAt?: string;
  lastError?: string;
  nextTickAt?: string;
}

/** The tick that runs the reminder sweep; what is due lives in the database, so a missed tick is caught up by the next. */
export interface Scheduler {
  start(): void;
  /** Stops ticking and waits for a sweep in progress. */
  stop(): Promise<void>;
  status(): SchedulerStatus;
}

/** A node-cron task that runs `sweep` on `schedule` (UTC), never two at once. */
export function createScheduler(
  deps: { sweep: () => Promise<SweepReport>; logger: Logger; clock: Clock },
  schedule: string,
): Scheduler {
  const state: SchedulerStatus = { schedule };
  let running: Promise<void> | undefined;
  const tick = async () => {
    if (running) return;
    running = (async () => {
      try {
        const report = await deps.sweep();
        state.lastTickAt = deps.clock.now().toISOString();
        state.lastError = undefined;
        const sent = report.digests.filter((d) => d.sent);
        if (sent.length || report.expired.length || report.retired.length) {
          deps.logger.info('reminder sweep', {
            digests: sent.length,
            items: sent.reduce((n, d) => n + d.items.length, 0),
            held: report.digests.length - sent.length,
            expired: report.expired.length,
            retired: report.retired.length,
          });
        }
      } catch (error) {
        state.lastError = error instanceof Error ? error.message : String(error);
        deps.logger.error('the reminder sweep failed; the next tick tries again', { error });
      } finally {
        running = undefined;
      }
    })();
    await running;
  };
  const task = createTask(schedule, tick, { timezone: 'UTC', noOverlap: true, name: 'microapp-reminders' });
  return {
    start() {
      void task.start();
      void tick();
    },
    async stop() {
      await task.stop();
      await task.destroy();
      await running;
    },
    status: () => ({ ...state, nextTickAt: task.getNextRun()?.toISOString() }),
  };
}
