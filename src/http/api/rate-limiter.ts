/** A per-key limit of `perMinute` requests, refilled evenly (a token bucket); keys idle for long are forgotten. */
export interface RateLimiter {
  /** Takes one request for `key`: 0 when allowed, else the seconds to wait. */
  take(key: string): number;
  /** The seconds `key` must wait before its next request, without taking one (0: it may go). */
  peek(key: string): number;
}

/** Keys kept at most; past this the oldest are dropped, so a flood of keys cannot grow memory. */
const MAX_KEYS = 10_000;

/** Creates a token-bucket limiter allowing bursts of up to `perMinute`. */
export function createRateLimiter(perMinute: number, now: () => number = Date.now): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = perMinute / 60_000;
  const refilled = (key: string) => {
    const t = now();
    const b = buckets.get(key) ?? { tokens: perMinute, at: t };
    b.tokens = Math.min(perMinute, b.tokens + (t - b.at) * perMs);
    b.at = t;
    return b;
  };
  const wait = (tokens: number) => (tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / perMs / 1000)));
  return {
    take(key) {
      const b = refilled(key);
      buckets.delete(key);
      buckets.set(key, b);
      if (buckets.size > MAX_KEYS) buckets.delete(buckets.keys().next().value!);
      const seconds = wait(b.tokens);
      if (!seconds) b.tokens -= 1;
      return seconds;
    },
    peek: (key) => (buckets.has(key) ? wait(refilled(key).tokens) : 0),
  };
}
