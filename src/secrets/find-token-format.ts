import { isPlaceholder } from './placeholder';
import { validCrc32Base62 } from './token-checksum';
import type { TokenFormat } from './token-formats';
import { TOKEN_FORMATS } from './token-formats';
import { lowVariety } from './value-shape';

interface CompiledFormat {
  format: TokenFormat;
  needle: string;
  pattern: RegExp;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const COMPILED: readonly CompiledFormat[] = TOKEN_FORMATS.map((format) => ({
  format,
  needle: format.prefix || format.hint || '',
  pattern: new RegExp(`(?<!${format.notAfter ?? '[A-Za-z0-9]'})${escape(format.prefix)}(${format.body})(?![A-Za-z0-9_-])`, 'g'),
}));

/** True when a match is a real-looking token: its checksum holds, or it is neither a placeholder nor filler. */
function plausible(format: TokenFormat, token: string, body: string): boolean {
  if (format.checksum === 'crc32-base62' && validCrc32Base62(body)) return true;
  return !isPlaceholder(token) && !lowVariety(body);
}

/** The first provider format found in `text`, or undefined. */
export function findTokenFormat(text: string): TokenFormat | undefined {
  for (const { format, needle, pattern } of COMPILED) {
    if (needle && !text.includes(needle)) continue;
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      if (plausible(format, match[0], match[1]!)) return format;
    }
  }
  return undefined;
}

/** How many distinct providers the formats cover. */
export const PROVIDER_COUNT = new Set(TOKEN_FORMATS.map((f) => f.provider)).size;
