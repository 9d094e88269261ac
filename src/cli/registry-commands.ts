import type { ExportFormat } from '../app/queries/export-apps';
import { MAX_SEARCH } from '../app/queries/list-apps';
import type { Actor } from '../domain/actor';
import type { OutboxState } from '../ports/outbox';
import type { AppStatus } from '../domain/app-record';
import { APP_STATUSES } from '../domain/app-record';
import type { Runtime } from '../runtime';
import { plainText } from '../views/plain-text';
import { riskSummary } from '../views/risk-summary';
import { unheldSummary } from '../views/compose-message';
import { appDetails } from '../views/app-details';
import { AppError } from '../domain/errors';
import { assessmentJson } from '../domain/assessment';
import { STATUS_WORDS, day, moment } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, UsageError } from './cli-io';
import { readManifestFile } from './read-manifest-file';

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

/** `microapp show <app> [--json]`: everything declared about one app, its risk and where it stands. */
export async function show(io: CliIo, rt: Runtime, name: string, json: boolean): Promise<ExitCode> {
  const d = await rt.core.describeApp(name);
  if (!d) throw new AppError('app.not_found', `No app "${name}".`);
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
          revision: d.revision.number,
          manifest: d.revision.manifest,
          assessment: assessmentJson(d.revision.assessment),
          review: review ?? null,
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    io.out(plainText(appDetails(d)) + '\n');
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
      '--owner is a user ref or email address, and --after the cursor a previous page printed; one of them is far too long.',
    );
  const page = await rt.core.listApps({
    status: opts.status as AppStatus | undefined,
    owners: opts.owner ? [opts.owner.includes('@') ? opts.owner.toLowerCase() : opts.owner] : undefined,
    search: opts.search,
    limit: opts.limit ? Number(opts.limit) : undefined,
    after: opts.after,
  });
  if (opts.json) {
    io.out(JSON.stringify(page, null, 2) + '\n');
    return EXIT.ok;
  }
  if (page.apps.length === 0) {
    io.out('No apps match.\n');
    return EXIT.ok;
  }
  const rows = [
    ['NAME', 'STATUS', 'TIER', 'OWNER', 'EXPIRES'],
    ...page.apps.map((a) => [a.name, STATUS_WORDS[a.status], String(a.tier), a.owner, day(a.expiresAt)]),
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

/** `microapp export --format json|csv`: the whole registry to standard output. */
export async function exportRegistry(io: CliIo, rt: Runtime, format: string | undefined): Promise<ExitCode> {
  if (format !== 'json' && format !== 'csv') throw new UsageError('--format must be json or csv.');
  for await (const chunk of rt.core.exportApps(format as ExportFormat)) io.out(chunk);
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

/** `microapp deliveries [--status pending|undeliverable] [--json]`: what waits to go out or did not, and why. */
export async function deliveries(io: CliIo, rt: Runtime, status: string | undefined, json: boolean): Promise<ExitCode> {
  const states: Record<string, OutboxState[]> = { pending: ['pending', 'sending'], undeliverable: ['undeliverable'] };
  if (status !== undefined && !states[status]) throw new UsageError('--status must be pending or undeliverable.');
  const rows = await rt.core.deliveries(status ? states[status]! : ['pending', 'sending', 'undeliverable'], 200);
  if (json) {
    io.out(
      JSON.stringify(
        rows.map(({ id, state, recipient, message, attempts, dueAt, lastError, fix, createdAt }) => ({
          id,
          state,
          recipient,
          message,
          attempts,
          dueAt,
          lastError,
          fix,
          createdAt,
        })),
        null,
        2,
      ) + '\n',
    );
    return EXIT.ok;
  }
  if (rows.length === 0) {
    io.out(status === 'undeliverable' ? 'Nothing is undeliverable.\n' : 'Nothing waits to be delivered.\n');
    return EXIT.ok;
  }
  for (const r of rows) {
    const to =
      r.recipient.kind === 'channel'
        ? `${r.recipient.platform} ${r.recipient.channel}`
        : r.recipient.kind === 'person'
          ? r.recipient.ref
          : `every copy of review ${r.recipient.reviewId}`;
    const what =
      r.message.view === 'notice'
        ? `notice (${r.message.notice.type.replace(/_/g, ' ')})`
        : r.message.view.replace(/_/g, ' ');
    const state =
      r.state === 'undeliverable'
        ? `UNDELIVERABLE (${r.lastError ?? 'unknown'})`
        : r.state === 'sending'
          ? 'sending'
          : `pending, due ${moment(r.dueAt)}${r.lastError ? `, last error ${r.lastError}` : ''}`;
    io.out(
      `${moment(r.createdAt)}  ${what} to ${to}: ${state}, ${r.attempts} attempt(s)\n${r.fix ? `    Fix: ${r.fix}\n` : ''}`,
    );
  }
  return EXIT.ok;
}

/** `microapp reviews repost <app>`: queues the open review's card again for every destination. */
export async function repostReview(io: CliIo, rt: Runtime, app: string): Promise<ExitCode> {
  const { appName, destinations } = await rt.core.repostReview(app, { platform: 'cli', userId: io.user });
  io.out(`The approval card of "${appName}" is queued for ${destinations.join(', ')}; the running bot posts it.\n`);
  return EXIT.ok;
}
