/** Why a Microsoft Graph call failed. */
export type GraphErrorKind =
  /** The token endpoint refused the client credentials (tenant, client id or secret wrong or expired). */
  | 'credentials'
  /** 401/403: the app registration lacks the application permission the call needs (or admin consent). */
  | 'forbidden'
  /** 404: what the call names does not exist. */
  | 'not_found'
  /** Throttled or down past the retries, an unexpected answer, or no answer at all. */
  | 'unavailable';

/** A failed Graph call: what kind of failure, the HTTP status and Graph's error code, and what an admin should do. */
export class GraphError extends Error {
  readonly kind: GraphErrorKind;
  readonly status?: number;
  /** Graph's or the identity platform's error code (like `Authorization_RequestDenied`, `invalid_client`). */
  readonly graphCode?: string;
  readonly fix: string;
  /** How long Graph asked to wait (its `Retry-After`), when it throttled the call. */
  readonly retryAfterMs?: number;

  constructor(options: {
    kind: GraphErrorKind;
    message: string;
    fix: string;
    status?: number;
    graphCode?: string;
    retryAfterMs?: number;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = 'GraphError';
    this.kind = options.kind;
    this.status = options.status;
    this.graphCode = options.graphCode;
    this.fix = options.fix;
    this.retryAfterMs = options.retryAfterMs;
  }
}
