import type { ExportFormat } from '../app/queries/export-apps';
import { MAX_SEARCH } from '../app/queries/list-apps';
import type { Actor } from '../domain/actor';
import type { AppStatus } from '../domain/app-record';
import { APP_STATUSES } from '../domain/app-record';
import type { Runtime } from '../runtime';
import { plainText } from '../views/plain-text';
import { riskSummary } from '../views/risk-summary';
import { unheldSummary } from '../views/compose-message';
import { appDetails } from '../views/app-details';
import { AppError } from '../domain/errors';
import { assessmentJson } from '../domain/assessment';
import { STATUS_WORDS, day, zoneName } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, UsageError } from './cli-io';
import { readManifestFile } from './read-manifest-file';
import { ownerNames } from '../app/queries/export-apps';
import { textSink, writeChunks } from './write-chunks';
import { isEmail } from '../domain/actor';
import { personLabel } from '../views/person-label';

/** `microapp register --file <microapp.yaml> [--owner <ref>]`: the same path as the chat form. */
export async function register(
  io: CliIo,
  rt: Runtime,
  file: string,
  owner: string | undefined,
  json: boolean,
): Promise<ExitCode> {
  const input = await readManifestFile(io.cwd, file);
  if (owner) input.owner = owner;
  const actor: Actor = { platform: 'cli', userId: io.user };
  const result = await rt.core.submitRegistration(input, actor);
  const { app, assessment, review, revision } = result;
  const changes = 'changes' in result ? (result.changes as string[]) : undefined;
  const cards = review
    ? assessment.destinations.filter((d) => rt.platforms.includes(d.platform)).map((d) => d.channel)
    : [];
  if (json) {
    io.out(
      JSON.stringify(
        {
          id: app.id,
          name: app.name,
          status: app.status,
          tier: app.tier,
          expiresAt: app.expiresAt ?? null,
          revision: revision.number,
          ...(changes && { changes }),
          cardsQueuedFor: cards,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    const outcome = !changes
      ? `Registered "${app.name}" (${app.id}): ${STATUS_WORDS[app.status]}.`
      : review
        ? `Changed "${app.name}" (revision ${revision.number}). The change needs review (${changes.join('; ')}); the approved version stays in force meanwhile.`
        : `Changed "${app.name}" (revision ${revision.number}), recorded without review${changes.length > 0 ? ` (${changes.join('; ')})` : ' as nothing material changed'}.`;
    const unheld = review
      ? await unheldSummary({ directory: rt.directory, policy: () => rt.policy, platforms: rt.platforms }, assessment)
      : undefined;
    io.out(
      `${plainText(riskSummary(app.name, assessment, { manifest: revision.manifest, unheld }))}\n\n${outcome}\n${review ? cardsLine(cards, app.name, app.tier, rt.platforms) : ''}`,
    );
  }
  return app.status === 'prohibited' ? EXIT.finding : EXIT.ok;
}

/** `microapp show <app> [--json]`: everything declared about one app (by name, id or the start of its id), its risk and where it stands. */
export async function show(io: CliIo, rt: Runtime, name: string, json: boolean): Promise<ExitCode> {
  const found = await rt.core.resolveApp(name);
  const d = await rt.core.describeApp(found.id);
  if (!d) throw new AppError('app.not_found', `No app "${name}".`);
  const m = d.revision.manifest;
  const people = await rt.directory.known([
    d.app.owner,
    d.app.backupOwner,
    m.owner,
    m.backupOwner,
    d.review?.decidedBy,
    ...(d.review?.approvals.map((a) => a.approver) ?? []),
    ...(d.waiting?.reviewers ?? []),
    ...(d.exceptions?.map((e) => e.grantedBy) ?? []),
  ]);
  if (json) {
    const review = d.review && {
      id: d.review.id,
      revisionId: d.review.revisionId,
      status: d.review.status,
      requiredApprovals: d.review.requiredApprovals,
      approvals: d.review.approvals,
      decidedBy: d.review.decidedBy ?? null,
      decidedAt: d.review.decidedAt ?? null,
      reason: d.review.reason ?? null,
    };
    io.out(
      JSON.stringify(
        {
          ...d.app,
          ...ownerNames(d.app, people),
          revision: d.revision.number,
          manifest: d.revision.manifest,
          assessment: assessmentJson(d.revision.assessment),
          review: review ?? null,
          health: d.health
            ? {
                status: d.health.status,
                since: d.health.since,
                lastCheckedAt: d.health.lastCheckedAt,
                consecutiveFailures: d.health.consecutiveFailures,
                lastError: d.health.lastError ?? null,
              }
            : null,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    const labels = Object.fromEntries([...people].map(([ref, person]) => [ref, personLabel(ref, person)]));
    io.out(
      `${plainText(appDetails({ ...d, names: { ...d.names, ...labels } }, rt.timeZone ?? 'UTC'))}\nDates are in ${zoneName(rt.timeZone)}.\n`,
    );
  }
  return EXIT.ok;
}

function cardsLine(cards: string[], name: string, tier: number, platforms: readonly string[]): string {
  if (cards.length > 0)
    return `Approval cards are queued for ${cards.join(', ')}; the running bot posts them (microapp deliveries shows what waits).\n`;
  const on = platforms.map((p) => (p === 'slack' ? 'Slack' : 'Teams')).join(' or ');
  return `No approval card was queued: tier ${tier} has no reviewers' channel on ${on} in policies/policy.yaml (routing), or this shell lacks the bot's settings (SLACK_BOT_TOKEN and the rest). Add the destination or the settings, then run "microapp reviews repost ${name}" to post it.\n`;
}

/** `microapp list [--status S] [--owner O] [--search Q] [--limit N] [--after C] [--json]`. */
export async function list(
  io: CliIo,
  rt: Runtime,
  opts: { status?: string; owner?: string; search?: string; limit?: string; after?: string; json: boolean },
): Promise<ExitCode> {
  if (opts.status && !APP_STATUSES.includes(opts.status as AppStatus)) {
    throw new UsageError(`--status must be one of: ${APP_STATUSES.join(', ')}.`);
  }
  if (opts.limit && !/^\d+$/.test(opts.limit)) throw new UsageError('--limit must be a whole number, like 50.');
  if (opts.search && opts.search.length > MAX_SEARCH)
    throw new UsageError(
      `--search can be at most ${MAX_SEARCH} characters (it was ${opts.search.length}); search for a shorter part of the name.`,
    );
  if ((opts.owner?.length ?? 0) > 254 || (opts.after?.length ?? 0) > 500)
    throw new UsageError(
      '--owner is an email address, a user ref or a name, and --after the cursor a previous page printed; one of them is far too long.',
    );
  const owners = opts.owner ? await ownerKeys(rt, opts.owner) : undefined;
  if (owners?.length === 0) {
    io.err(
      `Nobody is known as "${opts.owner}". Give their email address, a user ref the bot has seen (like slack:U012AB3CD) or their name as the chat platform shows it.\n`,
    );
    return EXIT.finding;
  }
  const page = await rt.core.listApps({
    status: opts.status as AppStatus | undefined,
    owners,
    search: opts.search,
    limit: opts.limit ? Number(opts.limit) : undefined,
    after: opts.after,
  });
  const people = await rt.directory.known(page.apps.flatMap((a) => [a.owner, a.backupOwner]));
  if (opts.json) {
    const apps = page.apps.map((a) => ({ ...a, ...ownerNames(a, people) }));
    io.out(JSON.stringify({ ...page, apps }, null, 2) + '\n');
    return EXIT.ok;
  }
  if (page.apps.length === 0) {
    io.out('No apps match.\n');
    return EXIT.ok;
  }
  const rows = [
    ['NAME', 'STATUS', 'TIER', 'OWNER', `EXPIRES (${zoneName(rt.timeZone)})`],
    ...page.apps.map((a) => [
      a.name,
      STATUS_WORDS[a.status],
      String(a.tier),
      personLabel(a.owner, people.get(a.owner)),
      day(a.expiresAt, rt.timeZone),
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows)
    io.out(
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd() + '\n',
    );
  if (page.next) io.out(`More: microapp list --after "${page.next}"\n`);
  return EXIT.ok;
}

/**
 * The owner keys `--owner` stands for: everything the directory knows the person by (every ref and
 * their email), found by an email, a user ref or a display name; what was given when the directory
 * does not know it but it is an email or a ref; nothing for an unknown name.
 */
async function ownerKeys(rt: Runtime, owner: string): Promise<string[]> {
  const given = owner.trim();
  const isKey = isEmail(given) || /^[a-z]+:\S+$/.test(given);
  const person = isKey ? await rt.directory.lookup(given) : undefined;
  const people = person ? [person] : isKey ? [] : await rt.directory.named(given);
  const keys = people.flatMap((p) => [...p.refs, ...(p.email ? [p.email] : [])]);
  if (isKey) keys.push(isEmail(given) ? given.toLowerCase() : given);
  return [...new Set(keys)];
}

/**
 * `microapp export --format json|csv`: the whole registry to standard output, with owners' names and
 * emails, read page by page as the reader takes it; a reader that stops early (`| head`) ends it, exit 0.
 */
export async function exportRegistry(io: CliIo, rt: Runtime, format: string | undefined): Promise<ExitCode> {
  if (format !== 'json' && format !== 'csv') throw new UsageError('--format must be json or csv.');
  await writeChunks(rt.core.exportApps(format as ExportFormat), io.stdout ?? textSink(io.out));
  return EXIT.ok;
}

/** `microapp audit verify`: reports the first broken link, or OK with the count. */
export async function auditVerify(io: CliIo, rt: Runtime): Promise<ExitCode> {
  const verdict = await rt.core.verifyAudit();
  if (verdict.ok) {
    io.out(`Audit log OK: ${verdict.count} events, chain head ${verdict.headHash.slice(0, 16)}.\n`);
    return EXIT.ok;
  }
  io.out(
    `Audit log BROKEN at event ${verdict.seq}: ${verdict.problem}. ${verdict.checked} events before it are intact.\n`,
  );
  return EXIT.finding;
}

/** `microapp reviews repost <app>`: queues the open review's card again for every destination. */
export async function repostReview(io: CliIo, rt: Runtime, app: string): Promise<ExitCode> {
  const found = await rt.core.resolveApp(app);
  const { appName, destinations } = await rt.core.repostReview(found.id, { platform: 'cli', userId: io.user });
  io.out(`The approval card of "${appName}" is queued for ${destinations.join(', ')}; the running bot posts it.\n`);
  return EXIT.ok;
}
