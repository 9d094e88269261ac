import type { DiscoveredItem } from '../domain/discovered-item';
import type { View } from '../ports/view-model';
import { kindWords, sourceWords } from './discovery-words';
import { EACH_READERS_ZONE } from './reader-dates';
import { day, personName, plural } from './wording';

/** Lines per text block, so each block stays inside the platforms' text limits (Slack: 3,000 characters a section). */
const LINES_PER_BLOCK = 10;
/** Longest name or ref shown in a line. */
const MAX_SHOWN = 80;

function cut(text: string): string {
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN - 1)}…` : text;
}

/** Why an item reaches the admins, in plain words, from its claim state now; undefined once it needs nothing from them. */
export function adminReason(
  item: DiscoveredItem,
  names: Record<string, string>,
  timeZone?: string,
): string | undefined {
  if (item.state === 'not-mine')
    return `${personName(item.answered?.by, names)} said it is not theirs${item.answered ? ` on ${day(item.answered.at, timeZone ?? EACH_READERS_ZONE)}` : ''}`;
  if (item.state === 'asked')
    return `${personName(item.asked?.person, names)} was asked${item.asked ? ` on ${day(item.asked.at, timeZone ?? EACH_READERS_ZONE)}` : ''} and has not answered`;
  if (item.state === 'new') return 'its creator is unknown, or not reachable in chat';
  return undefined;
}

/**
 * The admins' list of discovered items nobody has claimed: each with its name, where it was found
 * and why it is here, ten to a block. Items registered, ignored, retired or gone since are left out; undefined when
 * none is left.
 */
export function discoveryDigest(
  items: readonly DiscoveredItem[],
  names: Record<string, string>,
  timeZone: string | undefined,
): View | undefined {
  const lines = items.flatMap((item) => {
    const why = adminReason(item, names, timeZone);
    return why
      ? [`"${cut(item.name)}" (${kindWords(item.kind)} in ${sourceWords(item.source)}, ${cut(item.ref)}): ${why}.`]
      : [];
  });
  if (lines.length === 0) return undefined;
  const chunks: string[][] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_BLOCK) chunks.push(lines.slice(i, i + LINES_PER_BLOCK));
  return {
    title: 'Discovered items nobody has claimed',
    blocks: [
      ...chunks.map((items, i) => ({
        type: 'text' as const,
        text:
          i === 0
            ? `Discovery found ${plural(lines.length, 'item')} that nobody has registered or claimed:`
            : `Items ${i * LINES_PER_BLOCK + 1} to ${i * LINES_PER_BLOCK + items.length}:`,
        items,
      })),
      {
        type: 'text',
        text: 'For each: find who runs it and ask them to register it (they add its ref under externalRefs), or leave it out of the figures with microapp discover ignore <ref> --reason TEXT --until DATE. This list comes at most once a day with up to 50 items; microapp discover list shows them all.',
      },
    ],
  };
}
