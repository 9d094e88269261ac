import type { AppRecord } from './app-record';

const DAY_MS = 86_400_000;

/**
 * The last sign that an app is in use, as an ISO time: the latest of its last heartbeat (or its
 * owner saying it is still in use), its last approval or re-certification (its expiry less the
 * re-certification period) and its registration. It starts the inactivity cycle, so any newer
 * sign closes the cycle.
 */
export function lastActivityAt(
  app: Pick<AppRecord, 'lastActiveAt' | 'expiresAt' | 'createdAt'>,
  recertifyEveryDays: number,
): string {
  const approvedAt = app.expiresAt
    ? new Date(Date.parse(app.expiresAt) - recertifyEveryDays * DAY_MS).toISOString()
    : undefined;
  let latest = app.createdAt;
  for (const t of [app.lastActiveAt, approvedAt]) if (t !== undefined && t > latest) latest = t;
  return latest;
}
