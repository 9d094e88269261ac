/** Counts attempts per key (a client address) in fixed windows. */
export interface RateLimit {
  /** Counts an attempt; the seconds to wait when the key is over its limit, else 0. */
  take(key: string): number;
}

/** At most `limit` attempts per key in each `windowMs`; memory stays bounded by forgetting ended windows. */
export function createRateLimit(options: { limit: number; windowMs: number; now?: () => number }): RateLimit {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { startedAt: number; count: number }>();
  return {
    take(key) {
      const t = now();
      if (windows.size > 10_000)
        for (const [k, w] of windows) if (t - w.startedAt >= options.windowMs) windows.delete(k);
      let w = windows.get(key);
      if (!w || t - w.startedAt >= options.windowMs) {
        w = { startedAt: t, count: 0 };
        windows.set(key, w);
      }
      w.count++;
      return w.count > options.limit ? Math.max(1, Math.ceil((w.startedAt + options.windowMs - t) / 1000)) : 0;
    },
  };
}
