/** Control characters (but tab and newline), and the bidi embeddings, overrides and isolates that reorder text. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Characters that do not show: zero-width spaces and joiners, word joiners, the byte-order mark, the soft hyphen. */
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;

/** The first control, bidi or (when `invisible`) invisible character in `text`, as `U+XXXX`, if any. */
export function unsafeCharacter(
  text: string,
  options: { newlines?: boolean; invisible?: boolean } = {},
): string | undefined {
  const found = [
    ...text.matchAll(UNSAFE),
    ...(options.invisible ? text.matchAll(INVISIBLE) : []),
    ...(options.newlines ? [] : text.matchAll(/[\t\n]/g)),
  ].sort((a, b) => a.index - b.index)[0];
  return found && `U+${found[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Text made safe for a terminal: control and bidi characters become U+FFFD, so no stored name can move the cursor or retitle the window. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, '\ufffd');
}

/** User input as it may be echoed in a message: on one line, terminal-safe and at most `max` characters. */
export function echo(text: string, max = 60): string {
  const safe = terminalSafe(text.replace(/[\t\n]+/g, ' '));
  return safe.length > max ? `${safe.slice(0, max - 1)}…` : safe;
}
