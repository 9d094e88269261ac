/** An Adaptive Card element, action or inline, as JSON. */
export type CardElement = Record<string, unknown>;

const WORD_JOINER = '\u2060';

/**
 * User text as Teams should show it: as typed, never a link or a mention. Every string this
 * renderer shows passes through here, and only through `TextRun`s, which do not read markdown.
 * Teams documents markdown (and so links) for `TextBlock` and `Fact`, and mentions only for those
 * two with `msteams.entities` ("Format cards in Microsoft Teams"); it does not say whether a client
 * turns a bare address in a `TextRun` into a link, and mobile text views commonly do. So addresses
 * are broken with invisible WORD JOINERs (U+2060): after `://`, around `@` (emails and @-names) and
 * before the dots of a domain, and `<at>` loses its shape. Idempotent; removing U+2060 gives back
 * the input.
 */
export function plainText(text: string): string {
  return text
    .replace(/:\/\/(?!\u2060)/g, `://${WORD_JOINER}`)
    .replace(/\u2060?@\u2060?/g, `${WORD_JOINER}@${WORD_JOINER}`)
    .replace(/(?<=[\p{L}\p{N}_-])\.(?=[\p{L}\p{N}])/gu, `${WORD_JOINER}.`)
    .replace(/<(?=\/?at\b)/gi, `<${WORD_JOINER}`);
}

/** Cuts text to `max` UTF-16 units, ending with an ellipsis when cut, never splitting a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max - 1);
  const safe = /[\uD800-\uDBFF]/.test(text.charAt(end - 1)) ? end - 1 : end;
  return `${text.slice(0, safe)}…`;
}

/** A TextRun of user text, cut to `max` and kept plain (`plainText`). */
export function textRun(text: string, max: number, style: Record<string, unknown> = {}): CardElement {
  return { type: 'TextRun', text: plainText(cut(text, max)), ...style };
}

/** One paragraph as a RichTextBlock of one TextRun (which wraps and reads no markdown), or nothing for empty text. */
export function richText(
  text: string,
  max: number,
  style: Record<string, unknown> = {},
  block: Record<string, unknown> = {},
): CardElement[] {
  return text.trim() === '' ? [] : [{ type: 'RichTextBlock', inlines: [textRun(text, max, style)], ...block }];
}

/** A label of user text: cut to `max` and kept plain. */
export function label(text: string, max: number): string {
  return plainText(cut(text, max));
}
