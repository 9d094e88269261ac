/**
 * A message the platform did not take. `permanent` failures (a channel the bot is not in, a revoked
 * token, a deleted user) are not retried and carry the `fix` an admin should apply; the others are
 * retried, not before `retryAfterMs` when the platform said so. `maybeSent` marks failures after
 * which the message may still have gone out (a time-out), so the next attempt checks first.
 */
export class DeliveryError extends Error {
  readonly code: string;
  readonly fix: string;
  readonly permanent: boolean;
  readonly retryAfterMs?: number;
  readonly maybeSent: boolean;

  constructor(options: {
    code: string;
    fix: string;
    permanent: boolean;
    retryAfterMs?: number;
    maybeSent?: boolean;
    cause?: unknown;
  }) {
    super(`delivery failed: ${options.code}`, { cause: options.cause });
    this.name = 'DeliveryError';
    this.code = options.code;
    this.fix = options.fix;
    this.permanent = options.permanent;
    this.retryAfterMs = options.retryAfterMs;
    this.maybeSent = options.maybeSent ?? false;
  }
}

/** True when `error` is a DeliveryError. */
export function isDeliveryError(error: unknown): error is DeliveryError {
  return error instanceof DeliveryError;
}
