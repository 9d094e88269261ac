import { readFile, stat } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { ListedItem } from '../app/discovery/list-discovered';
import type { AskReport } from '../app/discovery/ask-about-discovered';
import type { ScanOutcome } from '../app/discovery/scan-source';
import type { DiscoveryState } from '../domain/discovered-item';
import { DISCOVERY_STATES } from '../domain/discovered-item';
import { MAX_IMPORT_BYTES } from '../domain/discovery-import';
import { echo } from '../domain/safe-text';
import type { DiscoveredPerson } from '../ports/discovery-source';
import type { Person } from '../ports/people';
import type { Runtime } from '../runtime';
import { personLabel } from '../views/person-label';
import { day, plural, zoneName, zonedMoment } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, FileProblem, UsageError } from './cli-io';
import { cliActor } from './exception-command';

/** What `discover run` says when no source is configured: how to get items in. */
export const NO_SOURCES =
  'No discovery source is configured, so nothing was scanned.\n' +
  'Set SLACK_ADMIN_TOKEN to scan a Slack org, GITHUB_TOKEN and GITHUB_ORG to scan a GitHub organisation,\n' +
  'or GRAPH_TENANT_ID, GRAPH_CLIENT_ID and GRAPH_CLIENT_SECRET to scan the Teams app catalog and Entra app registrations\n' +
  '(add POWER_PLATFORM_REFRESH_TOKEN for the Power Platform inventory; see docs/discovery-sources.md).\n' +
  'To bring in another tool (Zapier, Make, n8n, Apps Script), export its list as CSV or JSON with the columns\n' +
  'id, name, owner, createdAt, lastUsedAt, url and run: microapp discover import --source zapier zaps.csv\n' +
  'See docs/discovery.md.\n';

/**
 * `microapp discover run [--source NAME]`: scans the configured sources now, then asks the makers of
 * new items (imported ones too) in chat; exit 1 when a source failed.
 */
export async function discoverRun(io: CliIo, rt: Runtime, source: string | undefined): Promise<ExitCode> {
  if (!source && rt.core.discoverySources().length === 0) {
    io.out(NO_SOURCES);
    io.out(`${askLine(await rt.core.askAboutDiscovered())}\n`);
    return EXIT.ok;
  }
  const outcomes = await rt.core.runDiscovery({ source });
  for (const o of outcomes) io.out(`${scanLine(o)}\n`);
  io.out(`${askLine(await rt.core.askAboutDiscovered())}\n`);
  return outcomes.some((o) => o.outcome === 'failed') ? EXIT.finding : EXIT.ok;
}

const waits = (n: number) => `${plural(n, 'item')} ${n === 1 ? 'waits' : 'wait'}`;

function askLine(r: AskReport): string {
  const people = new Set(r.asked.map((a) => a.person)).size;
  const parts = [
    r.asked.length
      ? `Asked ${plural(people, 'person', 'people')} in chat about ${plural(r.asked.length, 'new item')}`
      : 'Nobody new to ask in chat',
  ];
  if (r.waiting) parts.push(`${waits(r.waiting)} for a later round (the day's questions per person are used up)`);
  if (r.lookupLater)
    parts.push(`${waits(r.lookupLater)} for the bot to look their creators up in chat (it asks every quarter hour)`);
  const admins = r.toAdmins.unknownCreator + r.toAdmins.notMine + r.toAdmins.unanswered;
  if (admins)
    parts.push(
      `listed ${plural(admins, 'item')} for ${plural(r.admins, 'admin')} (${r.toAdmins.unknownCreator} creator unknown, ${r.toAdmins.notMine} not mine, ${r.toAdmins.unanswered} unanswered)`,
    );
  return `${parts.join('; ')}.`;
}

function scanLine(o: ScanOutcome): string {
  if (o.outcome === 'busy') return `${o.source}: another process is scanning it now; nothing to do.`;
  if (o.outcome === 'not-due') return `${o.source}: scanned recently; not due yet.`;
  if (o.outcome === 'stopped')
    return `${o.source}: stopped after ${plural(o.pages, 'page')}; the next run resumes there.`;
  const withheld = o.withheld ? ` ${plural(o.withheld, 'field')} that looked like secrets were left out.` : '';
  if (o.outcome === 'failed')
    return `${o.source}: could not be scanned (${o.error?.code})${o.pages ? ` after ${plural(o.pages, 'page')}; the next run resumes there` : ''}. Fix: ${o.error?.fix}${withheld}`;
  return `${o.source}: ${plural(o.items, 'item')} (${o.added} new, ${o.gone} gone) in ${plural(o.pages, 'page')}${o.resumed ? ', resuming the scan cut short before' : ''}.${withheld}`;
}

/** `microapp discover import --source NAME FILE`: one complete scan of NAME from a CSV or JSON export. */
export async function discoverImport(io: CliIo, rt: Runtime, source: string, file: string): Promise<ExitCode> {
  const path = resolve(io.cwd, file);
  const name = echo(file, 80);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new FileProblem(`Cannot read ${name}: no such file.`);
  if (info.size > MAX_IMPORT_BYTES)
    throw new FileProblem(
      `Nothing was imported: ${name} is ${(info.size / 1024 / 1024).toFixed(1)} MB, and an import reads at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Split the export (by team or by date) and import each part under its own source name, like --source ${source}-sales.`,
    );
  const text = await readFile(path, 'utf8');
  const r = await rt.core.importDiscovered({ source, fileName: basename(name), text }, cliActor(io, undefined));
  const withheld = r.withheld ? ` ${plural(r.withheld, 'field')} that looked like secrets were left out.` : '';
  io.out(
    `Imported ${plural(r.items, 'item')} from ${name} as source ${r.source}: ${r.added} new, ${r.gone} gone (in the last import but not in this one).${withheld}\n`,
  );
  return EXIT.ok;
}

/** `microapp discover list [--source NAME] [--state S] [--json]`: items with their state, owners by name and suggestions. */
export async function discoverList(
  io: CliIo,
  rt: Runtime,
  options: { source?: string; state?: string; json: boolean },
): Promise<ExitCode> {
  if (options.state && !(DISCOVERY_STATES as readonly string[]).includes(options.state))
    throw new UsageError(`--state is one of ${DISCOVERY_STATES.join(', ')} (got "${echo(options.state, 30)}").`);
  const items = await rt.core.listDiscovered({ source: options.source, state: options.state as DiscoveryState });
  if (options.json) {
    io.out(`${JSON.stringify(items.map(jsonItem), null, 2)}\n`);
    return EXIT.ok;
  }
  if (items.length === 0) {
    io.out(
      options.source || options.state
        ? 'No discovered item matches.\n'
        : 'Nothing has been discovered yet: run microapp discover run, or microapp discover import.\n',
    );
    return EXIT.ok;
  }
  const people = await rt.directory.known(
    items.flatMap((i) => [...i.people.map((p) => p.ref), i.asked?.person, i.answered?.by]),
  );
  for (const item of items) io.out(`${itemLine(item, people, rt.timeZone)}\n`);
  io.out(`Dates are in ${zoneName(rt.timeZone)}.\n`);
  return EXIT.ok;
}

function itemLine(item: ListedItem, people: Map<string, Person>, timeZone: string | undefined): string {
  const who = item.people.map((p) => personWords(p, people)).filter(Boolean);
  const parts = [
    `${item.ref}  "${item.name}" (${item.kind}): ${stateWords(item, people, timeZone)}`,
    who.length ? `by ${who.join(', ')}` : 'creator unknown',
    `first seen ${day(item.firstSeenAt, timeZone)}`,
  ];
  if (item.lastUsedAt) parts.push(`last used ${day(item.lastUsedAt, timeZone)}`);
  let line = parts.join(', ');
  if (item.suggestion)
    line += `\n    Likely the registered app "${item.suggestion}": if so, add "${item.ref}" to its externalRefs.`;
  return line;
}

function stateWords(item: ListedItem, people: Map<string, Person>, timeZone: string | undefined): string {
  const who = (ref: string | undefined) => personLabel(ref, ref ? people.get(ref) : undefined);
  switch (item.state) {
    case 'asked':
      return `not registered; ${who(item.asked?.person)} was asked in chat on ${day(item.asked?.at, timeZone)}`;
    case 'not-mine':
      return `not registered; ${who(item.answered?.by)} said it is not theirs on ${day(item.answered?.at, timeZone)}`;
    case 'retired':
      return `retired, as ${who(item.answered?.by)} said on ${day(item.answered?.at, timeZone)}`;
    case 'registered':
      return `registered as "${item.matchedAppName ?? item.matchedAppId}"`;
    case 'ignored':
      return `ignored until ${day(item.ignored!.until, timeZone)} (${item.ignored!.reason})`;
    case 'gone':
      return `gone since ${day(item.goneAt, timeZone)}`;
    case 'new':
      return 'not registered';
    default:
      return item.state;
  }
}

function personWords(p: DiscoveredPerson, people: Map<string, Person>): string {
  if (p.ref) return personLabel(p.ref, people.get(p.ref));
  if (p.displayName && p.email) return `${p.displayName} <${p.email}>`;
  return p.displayName ?? p.email ?? (p.sourceId ? `${p.sourceId} (as the source names them)` : '');
}

function jsonItem(i: ListedItem) {
  return {
    ref: i.ref,
    source: i.source,
    externalId: i.externalId,
    name: i.name,
    kind: i.kind,
    state: i.state,
    people: i.people,
    createdAt: i.createdAt ?? null,
    lastModifiedAt: i.lastModifiedAt ?? null,
    lastUsedAt: i.lastUsedAt ?? null,
    url: i.url ?? null,
    permissions: i.permissions ?? [],
    firstSeenAt: i.firstSeenAt,
    lastSeenAt: i.lastSeenAt,
    matchedApp: i.matchedAppId ? { id: i.matchedAppId, name: i.matchedAppName ?? null } : null,
    ignored: i.ignored ?? null,
    goneAt: i.goneAt ?? null,
    asked: i.asked ?? null,
    answered: i.answered ?? null,
    suggestion: i.suggestion ?? null,
  };
}

/** `microapp discover ignore <item> --reason TEXT --until DATE`: leaves an item out of coverage through that day. */
export async function discoverIgnore(
  io: CliIo,
  rt: Runtime,
  item: string,
  options: { reason?: string; until?: string },
): Promise<ExitCode> {
  const r = await rt.core.ignoreDiscoveredItem({ item, ...options, timeZone: rt.timeZone }, cliActor(io, undefined));
  const until = r.ignored!.until;
  io.out(
    `Ignored "${r.name}" (${r.ref}) until ${zonedMoment(until, rt.timeZone)}: ${r.ignored!.reason}. From then on it counts again.\n`,
  );
  return EXIT.ok;
}

/** `microapp discover status [--json]`: coverage per source and overall. */
export async function discoverStatus(io: CliIo, rt: Runtime, json: boolean): Promise<ExitCode> {
  const c = await rt.core.discoveryCoverage();
  if (json) {
    const sources = c.sources.map((s) => ({
      source: s.source,
      discovered: s.discovered,
      registered: s.registered,
      unregistered: s.unregistered,
      ignored: s.ignored,
      coverage: s.coverage,
      lastScanAt: s.lastScanAt ?? null,
      ...(s.error && { error: `${s.error.code}: ${s.error.fix}` }),
    }));
    io.out(`${JSON.stringify({ coverage: c.coverage, sources }, null, 2)}\n`);
    return EXIT.ok;
  }
  if (c.sources.length === 0) {
    io.out(NO_SOURCES);
    return EXIT.ok;
  }
  const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
  const median = (d: number | undefined) =>
    d === undefined ? '' : `; registered a median of ${d} days after discovery found them`;
  io.out(
    `Coverage: ${pct(c.coverage)} of discovered items are registered (${pct(c.weightedCoverage)} weighted by permissions)${median(c.medianDaysToRegister)}.\n`,
  );
  for (const s of c.sources) {
    const scan = s.lastScanAt
      ? `last complete scan ${zonedMoment(s.lastScanAt, rt.timeZone)}`
      : 'never scanned in full';
    const progress =
      s.pagesInProgress !== undefined
        ? `; a scan is under way or was cut short (${plural(s.pagesInProgress, 'page')} stored)`
        : '';
    io.out(
      `${s.source}: ${pct(s.coverage)}, ${s.registered} of ${s.discovered - s.ignored} registered, ${s.unregistered} not, ${s.ignored} ignored, ${s.gone} gone${s.retired ? `, ${s.retired} retired` : ''}; ${scan}${progress}.\n`,
    );
    if (s.error)
      io.out(
        `  The last attempt failed (${s.error.code}) ${zonedMoment(s.error.at, rt.timeZone)}. Fix: ${s.error.fix}\n`,
      );
  }
  return EXIT.ok;
}
