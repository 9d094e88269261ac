import type { IncomingMessage } from 'node:http';

/** The session cookie's name: with `Secure`, the `__Host-` prefix (browsers then insist on Secure, Path=/ and no Domain). */
export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-microapp_session' : 'microapp_session';
}

/** One cookie's value from the request's Cookie header; undefined when absent. */
export function cookieOf(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The Set-Cookie value of a session: HttpOnly, SameSite=Lax, Path=/, 8 hours, Secure when the bot is reached over https. */
export function sessionCookie(sessionId: string, secure: boolean, maxAgeSeconds = 28_800): string {
  return `${sessionCookieName(secure)}=${sessionId}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that makes the browser forget the session cookie. */
export function clearedSessionCookie(secure: boolean): string {
  return sessionCookie('', secure, 0);
}
