/** How long a one-time sign-in link may be used. */
export const LINK_VALID_MS = 15 * 60_000;
/** How long a dashboard session lasts. */
export const SESSION_MS = 8 * 3_600_000;
/** How long an ended link or session is kept (so a late click hears "already used", not "unknown"). */
export const KEEP_ENDED_MS = 24 * 3_600_000;
/** The path a sign-in link opens. */
export const LINK_PATH = '/dashboard/sign-in/link';
