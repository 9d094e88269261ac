import { createHash, randomBytes } from 'node:crypto';

/** How a sign-in link's token and a session id look: 32 random bytes, base64url (43 characters). */
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A new secret for a sign-in link or a session: 32 random bytes, base64url. */
export function newWebSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** True when `text` has the shape of a secret from {@link newWebSecret} (anything else is refused before a look-up). */
export function isWebSecret(text: string | undefined): text is string {
  return text !== undefined && SHAPE.test(text);
}

/** The SHA-256 of a secret, hex: all that is stored of links and sessions. */
export function hashWebSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/**
 * A session's token for forms, derived from its id (which only the browser holds): it need not be
 * stored, and the stored hash of the id does not give it away.
 */
export function csrfTokenOf(sessionId: string): string {
  return createHash('sha256').update(`csrf\0${sessionId}`, 'utf8').digest('base64url');
}
