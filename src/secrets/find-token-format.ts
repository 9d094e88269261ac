import { isPlaceholder } from './placeholder';
import { validCrc32Base62 } from './token-checksum';
import type { TokenFormat } from './token-formats';
import { TOKEN_FORMATS } from './token-formats';
import { looksRandom, lowVariety } from './value-shape';

interface CompiledFormat {
  format: TokenFormat;
  needle: string;
  pattern: RegExp;
  /** The prefix with any random tail of 16+ characters: the same provider when its length or alphabet changes. */
  loose?: RegExp;
}

/** Prefixes too short or too common to stand for a provider without the exact body. */
const WEAK_PREFIX =
  /^(?:.{0,2}|.{3}(?<![_.-])|sk.|pk_|pat.?|key.|dp\.|sl\.|do|sq|vc|nf|hv|dt0|x|c|EZ|SK|API-|live_|AAAA|EAA|EAAA|00D|1000\.|s\.|dbt|lin_|oauth:|access-|secret-|glc_|sntry)$/;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const COMPILED: readonly CompiledFormat[] = TOKEN_FORMATS.map((format) => ({
  format,
  needle: format.prefix || format.hint || '',
  pattern: new RegExp(
    `(?<!${format.notAfter ?? '[A-Za-z0-9]'})${escapeRegExp(format.prefix)}(${format.body})(?![A-Za-z0-9_-])`,
    'g',
  ),
  loose: WEAK_PREFIX.test(format.prefix)
    ? undefined
    : new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(format.prefix)}([A-Za-z0-9_.=+/-]{16,300})`, 'g'),
}));

/** True when a match is a real-looking token: its checksum holds, or it is neither a placeholder nor filler. */
function plausible(format: TokenFormat, token: string, body: string): boolean {
  if (format.checksum === 'crc32-base62' && validCrc32Base62(body)) return true;
  return !isPlaceholder(token) && !lowVariety(body);
}

/** Runs of 16+ characters without spaces or quotes: every token format needs one. */
const CANDIDATE = /[^\s"'`<>(),;]{16,}/g;

/** The first provider format found in `text`, or undefined. */
export function findTokenFormat(text: string): TokenFormat | undefined {
  const candidates = text.match(CANDIDATE);
  return candidates ? findIn(candidates.join(' ')) : undefined;
}

function findIn(text: string): TokenFormat | undefined {
  for (const { format, needle, pattern } of COMPILED) {
    if (needle && !text.includes(needle)) continue;
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      if (plausible(format, match[0], match[1]!)) return format;
    }
  }
  for (const { format, needle, loose } of COMPILED) {
    if (!loose || !text.includes(needle)) continue;
    for (const match of text.matchAll(loose)) {
      if (looksRandom(match[1]!.replace(/[.=_-]+$/, ''), 16) && plausible(format, match[0], match[1]!)) return format;
    }
  }
  return undefined;
}

/** How many distinct providers the formats cover. */
export const PROVIDER_COUNT = new Set(TOKEN_FORMATS.map((f) => f.provider)).size;
