import type { RoleHolder, RoleListing } from '../app/roles/list-roles';
import type { Runtime } from '../runtime';
import type * as StartBot from '../start-bot';
import { personName, plural, zonedMoment } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT } from './cli-io';

/** `microapp roles list [--json]`: each role's people by name and email, the group each came through, and each group's last read; exit 1 when a group could not be read. */
export async function rolesList(io: CliIo, rt: Runtime, json: boolean): Promise<ExitCode> {
  const listings = await rt.roles.list();
  if (json) io.out(`${JSON.stringify(listings, null, 2)}\n`);
  else io.out(listings.map((l) => roleText(l, rt.timeZone)).join('\n'));
  return listings.some((l) => l.groups.some((g) => g.problem)) ? EXIT.finding : EXIT.ok;
}

/**
 * `microapp roles refresh`: reads every group the roles name now, from Slack and Microsoft Graph, and
 * stores the members; the bot takes them in at its next look (within ten minutes). Exit 1 when a group
 * could not be read (its last known members stay).
 */
export async function rolesRefresh(
  io: CliIo,
  config: Parameters<typeof StartBot.groupDirectories>[0],
  open: (directories: ReturnType<typeof StartBot.groupDirectories>) => Promise<Runtime>,
): Promise<ExitCode> {
  // Only the composition root reaches the adapters; loaded here, as `microapp doctor` does.
  const { groupDirectories } = require('../start-bot') as typeof StartBot;
  const rt = await open(groupDirectories(config));
  const results = await rt.roles.refresh({ force: true });
  if (results.length === 0) {
    io.out('No role names a group: there is nothing to refresh.\n');
    return EXIT.ok;
  }
  for (const r of results)
    io.out(
      r.outcome === 'read'
        ? `${r.key}: ${plural(r.members, 'member')}.\n`
        : `${r.problem ?? `${r.key} could not be read.`} Its last known members (${r.members}) stay.\n  Fix: ${r.fix ?? ''}\n`,
    );
  const failed = results.filter((r) => r.outcome === 'failed').length;
  io.out(
    failed
      ? `${plural(failed, 'group')} of ${results.length} could not be read.\n`
      : `Read ${plural(results.length, 'group')}; the bot uses them within ten minutes.\n`,
  );
  return failed ? EXIT.finding : EXIT.ok;
}

function roleText(listing: RoleListing, timeZone: string | undefined): string {
  const lines = [`${listing.role}: ${listing.description}`];
  if (listing.holders.length === 0) lines.push('  nobody holds this role');
  for (const h of listing.holders) lines.push(`  - ${holderLabel(h)}${h.from ? ` (from ${h.from})` : ''}`);
  for (const g of listing.groups) {
    const read = g.readAt ? `read ${zonedMoment(g.readAt, timeZone)}, ${plural(g.members, 'member')}` : 'never read';
    lines.push(`  group ${g.entry}: ${read}`);
    if (g.problem) lines.push(`    ${g.problem}`, `    Fix: ${g.fix ?? ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** "Ana Lima <ana@example.com>", a name or an email alone; someone never seen shows the ref they are held by. */
function holderLabel(h: RoleHolder): string {
  if (h.name) return h.email ? `${h.name} <${h.email}>` : h.name;
  if (h.email) return h.email;
  return h.ref.includes('@') ? h.ref : `${personName(h.ref)}, not seen yet (${h.ref})`;
}
