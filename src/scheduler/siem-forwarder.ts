import type { ForwardStep } from '../app/audit/forward-audit-events';
import type { Logger } from '../log/logger';

/** The loops that send the audit log to each SIEM sink. */
export interface SiemForwarder {
  start(): void;
  /** Stops the loops, waits (a few seconds at most) for batches being sent, then lets go of the leases and connections. */
  stop(): Promise<void>;
}

/** The wait after the `failures`-th failure in a row: doubling from `firstMs`, capped at `maxMs`. */
export function backoffMs(failures: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(failures - 1, 30));
}

/**
 * One loop per sink: a full batch is followed at once by the next, a caught-up sink is looked at
 * again after `idleMs`, and a failing one waits longer after each failure (capped exponential
 * backoff) and tries the same events again. A sink's failure is logged once until it recovers.
 */
export function createSiemForwarder(deps: {
  sinks: { name: string; step: () => Promise<ForwardStep>; close?: () => Promise<void> }[];
  logger: Logger;
  idleMs?: number;
  firstRetryMs?: number;
  maxRetryMs?: number;
  /** How long stop waits for a batch being sent before it lets go (that batch is sent again next time). */
  stopWaitMs?: number;
}): SiemForwarder {
  const idleMs = deps.idleMs ?? 2000;
  const firstRetryMs = deps.firstRetryMs ?? 1000;
  const maxRetryMs = deps.maxRetryMs ?? 300_000;
  let stopped = false;
  const wakers = new Set<() => void>();
  const loops: Promise<void>[] = [];
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  const run = async (sink: { name: string; step: () => Promise<ForwardStep> }) => {
    let failures = 0;
    while (!stopped) {
      let wait = idleMs;
      let problem: unknown;
      try {
        const step = await sink.step();
        if (step.state === 'failed') problem = step.error;
        else {
          if (failures > 0 && step.state === 'sent')
            deps.logger.info(`SIEM ${sink.name}: sending again, up to audit event ${step.seq}`);
          failures = 0;
          if (step.state === 'sent' && step.full) wait = 0;
        }
      } catch (error) {
        problem = error;
      }
      if (problem !== undefined) {
        failures++;
        wait = backoffMs(failures, firstRetryMs, maxRetryMs);
        if (failures === 1)
          deps.logger.warn(
            `SIEM ${sink.name}: audit events could not be sent; they wait in the audit log and are tried again with growing pauses (see /healthz)`,
            { error: problem },
          );
      }
      if (wait > 0 && !stopped) await sleep(wait);
    }
  };
  return {
    start() {
      for (const sink of deps.sinks) loops.push(run(sink));
    },
    async stop() {
      stopped = true;
      for (const wake of [...wakers]) wake();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all(loops),
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, deps.stopWaitMs ?? 5000);
        }),
      ]);
      clearTimeout(timer);
      await Promise.all(deps.sinks.map((s) => s.close?.().catch(() => undefined)));
    },
  };
}
