import type { DiscoveryCoverage } from '../domain/discovery-coverage';
import type { Block } from '../ports/view-model';
import { plural, zonedMoment } from './wording';

/** Most failed sources listed one by one; `microapp discover status` shows every one. */
const MAX_FAILURES = 5;

/**
 * The admins' coverage section: registered of discovered overall and per source, each source's last
 * complete scan in the reader's zone, the last failure with its fix, and how many items nobody
 * registered with the command that lists them.
 */
export function coverageBlocks(coverage: DiscoveryCoverage, timeZone?: string): Block[] {
  const counted = (s: { discovered: number; ignored: number }) => s.discovered - s.ignored;
  const registered = coverage.sources.reduce((n, s) => n + s.registered, 0);
  const total = coverage.sources.reduce((n, s) => n + counted(s), 0);
  const unregistered = coverage.sources.reduce((n, s) => n + s.unregistered, 0);
  const blocks: Block[] = [
    { type: 'divider' },
    { type: 'header', text: 'Discovery coverage' },
    {
      type: 'text',
      text:
        total > 0
          ? `${percent(coverage.coverage)} of the apps and agents discovery found are registered: ${registered} of ${total}.`
          : 'Discovery has found nothing to count yet.',
      items: coverage.sources.map(
        (s) =>
          `${s.source}: ${s.registered} of ${counted(s)} registered${counted(s) > 0 ? ` (${percent(s.coverage)})` : ''}, ${
            s.lastScanAt ? `last complete scan ${zonedMoment(s.lastScanAt, timeZone)}` : 'not scanned in full yet'
          }`,
      ),
    },
  ];
  const failed = coverage.sources.filter((s) => s.error);
  for (const s of failed.slice(0, MAX_FAILURES))
    blocks.push({
      type: 'text',
      tone: 'warning',
      text: `${s.source}: the last scan failed ${zonedMoment(s.error!.at, timeZone)}. ${s.error!.fix}`,
    });
  if (failed.length > MAX_FAILURES)
    blocks.push({
      type: 'context',
      text: `${plural(failed.length - MAX_FAILURES, 'more source')} failed: microapp discover status shows them.`,
    });
  if (unregistered > 0)
    blocks.push({
      type: 'context',
      text: `${plural(unregistered, 'item')} nobody has registered yet. To see the new ones, run: microapp discover list --state new`,
    });
  return blocks;
}

function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}
