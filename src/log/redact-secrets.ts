/** Below this length a secret's text is too likely to be an ordinary word (`postgres`) to blank wherever it appears. */
const MIN_VALUE_LENGTH = 12;

/** Where secrets sit in text: the password of a URL, Slack tokens, bearer credentials. */
const PLACES: [RegExp, string][] = [
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:@/"\\]*:)[^\s@/"\\]+@/gi, '$1[redacted]@'],
  [/\bxox[a-z]-[\w-]+/gi, '[redacted]'],
  [/\bxapp-[\w-]+/gi, '[redacted]'],
  [/\b(bearer\s+)[\w.~+/-]+=*/gi, '$1[redacted]'],
];

/**
 * Blanks secrets where they sit: URL passwords, Slack tokens and bearer credentials by their shape,
 * and the configured secrets' values when they are long enough not to be ordinary words. A short
 * database password is still blanked inside its URL, but the word elsewhere (`postgres://`) is kept.
 */
export function createRedactor(secrets: string[]): (text: string) => string {
  const values = secrets.filter((s) => s.length >= MIN_VALUE_LENGTH).map((s) => JSON.stringify(s).slice(1, -1));
  return (text) => {
    let out = text;
    for (const [pattern, replacement] of PLACES) out = out.replace(pattern, replacement);
    for (const v of values) out = out.split(v).join('[redacted]');
    return out;
  };
}
