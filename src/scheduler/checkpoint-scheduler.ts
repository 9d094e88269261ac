import type { CheckpointWritten } from '../app/audit/write-checkpoint';
import type { Logger } from '../log/logger';
import type { Policy } from '../policy/policy';
import type { Clock } from '../ports/clock';
import type { Registry } from '../ports/registry';

/** How often the bot looks whether a checkpoint is due. */
const TICK_MS = 60_000;

/** The timer that signs checkpoints of the audit log. */
export interface CheckpointScheduler {
  start(): void;
  /** Stops ticking and waits for a checkpoint being written. */
  stop(): Promise<void>;
}

/**
 * Every minute, signs a checkpoint when `audit.checkpointEvery.events` events were added since the
 * last one, or `minutes` passed with any added. A publisher that fails is logged once until it
 * works again; the next checkpoint is published all the same.
 */
export function createCheckpointScheduler(deps: {
  registry: Pick<Registry, 'audit' | 'checkpoints'>;
  write: () => Promise<CheckpointWritten>;
  policy: () => Policy;
  clock: Clock;
  logger: Logger;
  tickMs?: number;
}): CheckpointScheduler {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const failing = new Set<string>();
  const due = async (): Promise<boolean> => {
    const [head, last] = await Promise.all([deps.registry.audit.head(), deps.registry.checkpoints.latest()]);
    if (!head || head.seq === 0) return false;
    if (!last) return true;
    const every = deps.policy().audit.checkpointEvery;
    const added = head.seq - (JSON.parse(last.frontier) as { seq: number }).seq;
    return (
      added >= every.events ||
      (added > 0 && deps.clock.now().getTime() - Date.parse(last.createdAt) >= every.minutes * 60_000)
    );
  };
  const tick = () => {
    if (running) return;
    running = (async () => {
      try {
        if (!(await due())) return;
        const result = await deps.write();
        for (const f of result.failed) {
          if (!failing.has(f.name))
            deps.logger.warn(
              `audit checkpoint: could not publish to ${f.name}; it is kept in the database and the next one is published all the same`,
              { error: f.error },
            );
          failing.add(f.name);
        }
        for (const name of result.published) failing.delete(name);
      } catch (error) {
        deps.logger.warn('audit checkpoint: could not be written; the next minute tries again', { error });
      } finally {
        running = undefined;
      }
    })();
  };
  return {
    start() {
      timer = setInterval(tick, deps.tickMs ?? TICK_MS);
      timer.unref();
      tick();
    },
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
