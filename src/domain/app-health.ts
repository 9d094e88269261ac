/** What a health check makes of an app's health endpoint. */
export const HEALTH_STATUSES = ['healthy', 'degraded', 'failing'] as const;
export type HealthStatus = (typeof HEALTH_STATUSES)[number];

/** What the probe got from a health endpoint: an answer (status code and at most the capped body), or why there was none. */
export type ProbeResult =
  | { kind: 'answered'; statusCode: number; body: string; ms: number }
  | { kind: 'failed'; reason: string; ms: number };

/** One check's outcome: the status and, unless healthy, the reason in plain words. */
export interface HealthVerdict {
  status: HealthStatus;
  reason?: string;
  ms: number;
}

/** An app's health as the last checks left it. */
export interface AppHealth {
  appId: string;
  status: HealthStatus;
  /** Since when the app has had this status (the first check that gave it). */
  since: string;
  lastCheckedAt: string;
  /** Failing checks in a row (0 unless failing). */
  consecutiveFailures: number;
  /** The reason of the last check that was not healthy, while not healthy. */
  lastError?: string;
  /** When the owner was told it is failing, in this failing spell. */
  alertedAt?: string;
  /** When the admins were told it has been failing for days, in this failing spell. */
  escalatedAt?: string;
}

/** One check as kept in an app's health history. */
export interface HealthCheckRecord {
  appId: string;
  at: string;
  status: HealthStatus;
  reason?: string;
  ms: number;
}

/** The policy's `healthChecks`, as the state change needs it. */
export interface HealthThresholds {
  failuresBeforeAlert: number;
  escalateAfterDays: number;
}

/** Who is told of a change in an app's health: the owner (failing, recovered) or the admins (failing for days). */
export type HealthTelling = 'alert_owner' | 'recovery_to_owner' | 'escalate_to_admins';

const OK_WORDS = new Set(['ok', 'healthy', 'up', 'pass']);
const DEGRADED_WORDS = new Set(['degraded', 'warn', 'warning']);

/**
 * Judges an answer: a 2xx whose JSON `status` is ok/healthy/up (any case) is healthy, degraded/warn is
 * degraded; anything else (another status word, no JSON, a non-2xx) and every failure is failing, with the reason.
 */
export function judgeProbe(result: ProbeResult): HealthVerdict {
  if (result.kind === 'failed') return { status: 'failing', reason: result.reason, ms: result.ms };
  const { statusCode, ms } = result;
  if (statusCode < 200 || statusCode > 299) return { status: 'failing', reason: `answered ${statusCode}`, ms };
  let parsed: unknown;
  try {
    parsed = JSON.parse(result.body);
  } catch {
    return { status: 'failing', reason: `answered ${statusCode} but not with JSON (expected {"status": "ok"})`, ms };
  }
  const status = (parsed as { status?: unknown } | null)?.status;
  if (typeof status !== 'string')
    return { status: 'failing', reason: `answered ${statusCode} but its JSON has no "status" word`, ms };
  const word = status.trim().toLowerCase();
  if (OK_WORDS.has(word)) return { status: 'healthy', ms };
  if (DEGRADED_WORDS.has(word)) return { status: 'degraded', reason: `says it is ${shortWord(status)}`, ms };
  return { status: 'failing', reason: `says its status is "${shortWord(status)}"`, ms };
}

function shortWord(word: string): string {
  const w = word.trim().replace(/[\p{Cc}\p{Cf}]/gu, '');
  return w.length > 40 ? `${w.slice(0, 40)}…` : w;
}

/**
 * The app's health after a check at `at`, and who is told: the owner once when it has failed
 * `failuresBeforeAlert` checks in a row, the owner once when it answers again after that, the
 * admins once when a failing spell the owner was told of lasts `escalateAfterDays`.
 */
export function nextHealth(
  previous: AppHealth | undefined,
  appId: string,
  verdict: HealthVerdict,
  at: string,
  thresholds: HealthThresholds,
): { health: AppHealth; tell: HealthTelling[] } {
  const tell: HealthTelling[] = [];
  const changed = previous?.status !== verdict.status;
  const since = changed || !previous ? at : previous.since;
  if (verdict.status !== 'failing') {
    if (previous?.alertedAt) tell.push('recovery_to_owner');
    return {
      health: {
        appId,
        status: verdict.status,
        since,
        lastCheckedAt: at,
        consecutiveFailures: 0,
        ...(verdict.reason && { lastError: verdict.reason }),
      },
      tell,
    };
  }
  const failures = (previous?.status === 'failing' ? previous.consecutiveFailures : 0) + 1;
  let alertedAt = previous?.status === 'failing' ? previous.alertedAt : undefined;
  let escalatedAt = previous?.status === 'failing' ? previous.escalatedAt : undefined;
  if (!alertedAt && failures >= thresholds.failuresBeforeAlert) {
    alertedAt = at;
    tell.push('alert_owner');
  }
  if (alertedAt && !escalatedAt && Date.parse(at) - Date.parse(since) >= thresholds.escalateAfterDays * 86_400_000) {
    escalatedAt = at;
    tell.push('escalate_to_admins');
  }
  return {
    health: {
      appId,
      status: 'failing',
      since,
      lastCheckedAt: at,
      consecutiveFailures: failures,
      lastError: verdict.reason,
      ...(alertedAt && { alertedAt }),
      ...(escalatedAt && { escalatedAt }),
    },
    tell,
  };
}
