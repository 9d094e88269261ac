import type { ExportFormat } from '../app/export-apps';
import type { Actor } from '../domain/actor';
import type { AppStatus } from '../domain/app-record';
import { APP_STATUSES } from '../domain/app-record';
import type { Runtime } from '../runtime';
import { plainText } from '../views/plain-text';
import { riskSummary } from '../views/risk-summary';
import { STATUS_WORDS, day } from '../views/wording';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, UsageError } from './cli-io';
import { readManifestFile } from './read-manifest-file';

/** `microapp register --file <microapp.yaml> [--owner <ref>]`: the same path as the chat form. */
export async function register(io: CliIo, rt: Runtime, file: string, owner: string | undefined, json: boolean): Promise<ExitCode> {
  const input = await readManifestFile(io.cwd, file);
  if (owner) input.owner = owner;
  const actor: Actor = { platform: 'cli', userId: io.user };
  const submitted = await rt.core.submitRegistration(input, actor);
  await rt.core.announce(submitted);
  const { app, assessment } = submitted;
  if (json) io.out(JSON.stringify({ id: app.id, name: app.name, status: app.status, tier: app.tier, expiresAt: app.expiresAt ?? null }, null, 2) + '\n');
  else io.out(`${plainText(riskSummary(app.name, assessment))}\n\nRegistered "${app.name}" (${app.id}): ${STATUS_WORDS[app.status]}.\n`);
  return app.status === 'prohibited' ? EXIT.finding : EXIT.ok;
}

/** `microapp list [--status S] [--owner O] [--search Q] [--limit N] [--after C] [--json]`. */
export async function list(io: CliIo, rt: Runtime, opts: { status?: string; owner?: string; search?: string; limit?: string; after?: string; json: boolean }): Promise<ExitCode> {
  if (opts.status && !APP_STATUSES.includes(opts.status as AppStatus)) {
    throw new UsageError(`--status must be one of: ${APP_STATUSES.join(', ')}.`);
  }
  if (opts.limit && !/^\d+$/.test(opts.limit)) throw new UsageError('--limit must be a whole number, like 50.');
  const page = await rt.core.listApps({ status: opts.status as AppStatus | undefined, owners: opts.owner ? [opts.owner.includes('@') ? opts.owner.toLowerCase() : opts.owner] : undefined, search: opts.search, limit: opts.limit ? Number(opts.limit) : undefined, after: opts.after });
  if (opts.json) {
    io.out(JSON.stringify(page, null, 2) + '\n');
    return EXIT.ok;
  }
  if (page.apps.length === 0) {
    io.out('No apps match.\n');
    return EXIT.ok;
  }
  const rows = [['NAME', 'STATUS', 'TIER', 'OWNER', 'EXPIRES'], ...page.apps.map((a) => [a.name, STATUS_WORDS[a.status], String(a.tier), a.owner, day(a.expiresAt)])];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) io.out(r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd() + '\n');
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
  io.out(`Audit log BROKEN at event ${verdict.seq}: ${verdict.problem}. ${verdict.checked} events before it are intact.\n`);
  return EXIT.finding;
}
