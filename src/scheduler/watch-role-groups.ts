import type { Logger } from '../log/logger';

/**
 * Reads the role groups at start (all of them), then every `tickMs` loads what the database holds
 * (another replica's or the CLI's refresh) and reads again the groups last tried over `refreshMs`
 * ago: with several replicas the first to find a group stale reads it, the others take its result.
 */
export function watchRoleGroups(
  roles: { refresh(options: { force?: boolean; staleAfterMs?: number }): Promise<unknown> },
  logger: Logger,
  timing: { refreshMs: number; tickMs: number },
): { first: Promise<void>; stop(): Promise<void> } {
  let running: Promise<void> | undefined;
  const run = (options: { force?: boolean; staleAfterMs?: number }) => {
    running ??= roles
      .refresh(options)
      .then(
        () => undefined,
        (error) => logger.warn('the role groups could not be refreshed; the last known members stay', { error }),
      )
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const first = run({ force: true });
  const timer = setInterval(() => void run({ staleAfterMs: timing.refreshMs }), timing.tickMs);
  timer.unref();
  return {
    first,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
