/** A problem with one input field, worded for the person who filled it in. */
export interface FieldError {
  /** Top-level manifest field (or form input) the problem belongs to. */
  field: string;
  /** Full path inside the field, like `integrations.0.system`. */
  path: string;
  message: string;
  /** The field holds what looks like a secret: forms must not show its value back. */
  secret?: boolean;
}

/** Every coded error the core raises. Adapters and the CLI map them to words in one place. */
export const ERROR_CODES = [
  'input.invalid',
  'registration.name_taken',
  'app.not_found',
  'app.not_owner',
  'app.wrong_status',
  'app.needs_review',
  'review.not_found',
  'review.already_decided',
  'review.not_authorized',
  'review.own_app',
  'review.own_submission',
  'review.already_approved',
  'review.reason_required',
  'policy.invalid',
  'config.invalid',
  'config.unusable',
  'store.conflict',
  'route.unknown',
  'route.not_admin',
  'reminder.not_found',
  'reminder.not_yours',
  'reminder.not_snoozable',
  'incident.unclear',
  'incident.not_found',
  'incident.not_allowed',
  'purge.already_confirmed',
  'exception.unclear',
  'exception.unknown_rule',
  'exception.not_applicable',
  'exception.not_authorized',
  'exception.own_app',
  'exception.exists',
  'exception.not_found',
  'discovery.bad_import',
  'discovery.unclear',
  'discovery.unknown_source',
  'discovery.not_found',
  'value.invalid',
  'sbom.invalid',
  'api.bad_scopes',
  'api.token_not_found',
  'dashboard.no_email',
  'dashboard.link_refused',
  'dashboard.not_allowed',
  'discovery.not_asked',
  'discovery.settled',
  'siem.not_held',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Facts an error carries for its message; never secrets. */
export interface ErrorDetails {
  fieldErrors?: FieldError[];
  problems?: string[];
  appName?: string;
  decidedBy?: string;
  decidedAt?: string;
  outcome?: string;
  roles?: string[];
  status?: string;
  /** Only the owner may do this (not the backup owner or an admin). */
  ownerOnly?: boolean;
  /** Who may do it instead (user refs or emails), to be named in the message. */
  stewards?: string[];
  /** The app whose heartbeat token was asked for. */
  tokenFor?: string;
  /** When something that is in force ends (ISO). */
  until?: string;
  /** What the person typed to name an app, when no app goes by it. */
  asked?: string;
  /** Registered names close to what was asked, to suggest. */
  suggestions?: string[];
  /** The apps an ambiguous id prefix matches, by name. */
  matches?: string[];
}

/** An expected failure with a stable code; never branch on its message. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

/** True when `error` is an AppError, optionally with the given code. */
export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}

/** A well-formed setting that does not work here (a port in use, a database out of reach); `problem` names the setting and the fix. */
export function unusableSetting(problem: string, cause?: unknown): AppError {
  return new AppError('config.unusable', problem, { problems: [problem] }, { cause });
}
