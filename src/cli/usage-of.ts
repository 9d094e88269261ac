import { editDistance } from '../domain/edit-distance';

/** One command's lines of the help text, keyed by its words ("policy eval", "list"). */
interface UsageEntry {
  key: string;
  text: string;
}

/** The entries of a help text's "Usage:" block: a line starting `  microapp`, with the indented lines after it. */
function entriesOf(usage: string): UsageEntry[] {
  const entries: UsageEntry[] = [];
  for (const line of usage.split('\n')) {
    const head = /^ {2}microapp ((?:[a-z][a-z-]*)(?: [a-z][a-z-]*)*)/.exec(line);
    if (head) entries.push({ key: head[1]!, text: line });
    else if (/^ {10,}\S/.test(line) && entries.length > 0) entries[entries.length - 1]!.text += `\n${line}`;
    else if (line.trim() === '' && entries.length > 0) break;
  }
  return entries;
}

/**
 * The help text's lines for the command `words` name, and the words that name it: the entry for
 * its first two words ("policy eval"), else every entry of its first word ("policy …").
 * Undefined for an unknown command.
 */
export function usageOf(usage: string, words: string[]): { command: string; lines: string } | undefined {
  const [first, second] = words;
  if (!first) return undefined;
  const entries = entriesOf(usage);
  const exact = entries.filter((e) => e.key === `${first} ${second ?? ''}`.trim());
  const family = entries.filter((e) => e.key === first || e.key.startsWith(`${first} `));
  const chosen = exact.length > 0 ? exact : family;
  if (chosen.length === 0) return undefined;
  return { command: exact.length > 0 ? exact[0]!.key : first, lines: chosen.map((e) => e.text).join('\n') };
}

/** The command of the help text nearest to an unknown one, when one is near ("lsit" → "list"). */
export function closestCommand(usage: string, command: string): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const key of new Set(entriesOf(usage).map((e) => e.key.split(' ')[0]!))) {
    const d = editDistance(command.toLowerCase(), key, bestDistance);
    if (d < bestDistance) [best, bestDistance] = [key, d];
  }
  return best;
}
