import { z } from 'zod';

/** Whether `name` is a time zone this runtime knows (an IANA name such as Europe/Berlin, or UTC). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** An API base URL the bot sends a token or secret to: https, or http only on this machine (a local stand-in). */
export function tokenUrl(example: string) {
  return z.url({ protocol: /^https?$/, error: `must be an https URL, like ${example}` }).refine(
    (v) => {
      const url = new URL(v);
      return url.protocol === 'https:' || LOOPBACK.has(url.hostname);
    },
    {
      error: `must be an https URL (tokens are sent to it), like ${example}; http is accepted only for 127.0.0.1 or localhost`,
    },
  );
}
