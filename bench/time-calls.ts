/** Latencies of sequential calls and the wall time they took together. */
export interface TimedCalls {
  /** One sample per measured call, in milliseconds. */
  samplesMs: number[];
  /** Wall time of the measured calls (warm-up excluded), in milliseconds. */
  totalMs: number;
}

import { setImmediate as nextTurn } from 'node:timers/promises';

/** Milliseconds between two `process.hrtime.bigint()` readings. */
export function elapsedMs(start: bigint, end: bigint = process.hrtime.bigint()): number {
  return Number(end - start) / 1e6;
}

/**
 * Calls `fn(i)` one after another: `warmup` unmeasured calls first, then `count` measured ones,
 * each timed with `process.hrtime.bigint()`. The index keeps counting through the warm-up, so
 * `fn` can use it to pick distinct inputs.
 *
 * Each call's time runs until the event loop has had one more turn after it, as a server's
 * would between two requests: work a call leaves queued behind it (say, a library's
 * `PerformanceObserver` callback) is counted against that call instead of piling up unmeasured.
 */
export async function timeCalls(
  count: number,
  warmup: number,
  fn: (index: number) => Promise<unknown>,
): Promise<TimedCalls> {
  for (let i = 0; i < warmup; i++) {
    await fn(i);
    await nextTurn();
  }
  const samplesMs = new Array<number>(count);
  const begin = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    const start = process.hrtime.bigint();
    await fn(warmup + i);
    await nextTurn();
    samplesMs[i] = elapsedMs(start);
  }
  return { samplesMs, totalMs: elapsedMs(begin) };
}
