import { cutBeforeDates, hasReaderDates, readerDatesInUtc, renderReaderDates } from '../../src/views/reader-dates';

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

/** A TextRun of user text, cut to `max` and kept plain (`plainText`); a reader date is its day in UTC. */
export function textRun(text: string, max: number, style: Record<string, unknown> = {}): CardElement {
  return { type: 'TextRun', text: plainText(cut(readerDatesInUtc(text), max)), ...style };
}

/**
 * One paragraph as a RichTextBlock of one TextRun (which wraps and reads no markdown), or nothing
 * for empty text. A paragraph holding reader dates (a card in a channel) is a TextBlock instead,
 * each date Adaptive Cards' `{{DATE(…, SHORT)}}`, which every reader sees in their own locale and
 * zone ("Text features": a strict RFC 3339 time, no spaces inside the braces). Teams does not
 * format dates inside a TextRun in channels (microsoft/AdaptiveCards#6194, MicrosoftDocs/
 * msteams-docs#8030), hence the TextBlock; its text is kept plain like a TextRun's, and as
 * TextBlocks read markdown, `](` and `<` before a letter are broken too, so no link can form.
 */
export function richText(
  text: string,
  max: number,
  style: Record<string, unknown> = {},
  block: Record<string, unknown> = {},
): CardElement[] {
  if (text.trim() === '') return [];
  if (hasReaderDates(text)) return [{ type: 'TextBlock', text: datedText(text, max), wrap: true, ...style, ...block }];
  return [{ type: 'RichTextBlock', inlines: [textRun(text, max, style)], ...block }];
}

/** A label of user text: cut to `max` and kept plain; a reader date is its day in UTC. */
export function label(text: string, max: number): string {
  return plainText(cut(readerDatesInUtc(text), max));
}

function datedText(text: string, max: number): string {
  const plain = plainText(cutBeforeDates(text, max, cut))
    .replace(/\](?=\()/g, `]${WORD_JOINER}`)
    .replace(/<(?=[\p{L}/])/gu, `<${WORD_JOINER}`)
    .replace(/\{(?=\{)/g, `{${WORD_JOINER}`);
  return renderReaderDates(plain, (at) => `{{DATE(${at.toISOString().replace(/\.\d{3}Z$/, 'Z')}, SHORT)}}`);
}
