const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/_=-])/g;

/** Mostly printable text: what a decoded credential, key or config looks like (binary keys decode to noise). */
const printable = (text: string) =>
  text.length >= 8 && (text.match(/[\x20-\x7e\n\r\t]/g) ?? []).length >= text.length * 0.95;

/**
 * Texts hidden in `text` by an encoding: base64 and base64url runs that decode to printable text
 * (kubeconfig client-key-data, Docker auth, Basic credentials, encoded configs) and percent-encoding.
 */
export function decodedTexts(text: string): string[] {
  const out: string[] = [];
  if (/%[0-9A-Fa-f]{2}/.test(text)) {
    try {
      const decoded = decodeURIComponent(text);
      if (decoded !== text) out.push(decoded);
    } catch {
      // Not valid percent-encoding: nothing to add.
    }
  }
  if (text.length < 16) return out;
  for (const [run] of text.matchAll(BASE64_RUN)) {
    if (
      /^[a-f0-9]+$|^[A-F0-9]+$|^[A-Za-z]+$/.test(run) ||
      (run.includes('/') && /^[\w/.-]+$/.test(run) && !/\d/.test(run))
    )
      continue;
    const decoded = Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
    if (printable(decoded)) out.push(decoded);
  }
  return out;
}

/** A decoded `user:password` pair, as in a Docker config `auth` or a Basic header. */
export const isUserPasswordPair = (decoded: string) => /^[\w.@+\\-]{1,64}:(?!\/\/)[^\s]{4,128}$/.test(decoded.trim());
