import type { AppRecord } from '../../domain/app-record';
import type { Integration, Manifest } from '../../domain/manifest';
import type { FieldSpec } from '../../domain/manifest-fields';
import { MANIFEST_FIELDS } from '../../domain/manifest-fields';
import type { Registry, RegistryWith } from '../../ports/registry';
import { MAX_PAGE, allApps } from './list-apps';

/** Export formats of `microapp export`. */
export type ExportFormat = 'json' | 'csv';

/** One exported app: its record and the whole manifest of its current revision. */
export type ExportedApp = AppRecord & { manifest: Manifest };

const COLUMNS: (keyof AppRecord)[] = [
  'id',
  'name',
  'status',
  'tier',
  'score',
  'owner',
  'backupOwner',
  'businessUnit',
  'expiresAt',
  'createdAt',
  'updatedAt',
];
const MANIFEST_COLUMNS: readonly FieldSpec[] = MANIFEST_FIELDS.filter((f) => !(COLUMNS as string[]).includes(f.key));

/**
 * Streams the whole registry as CSV lines or one JSON array, chunk by chunk. Each app carries the
 * manifest of its current revision: whole in JSON, one column per manifest field in CSV.
 */
export async function* exportApps(
  registry: RegistryWith<'revisions'> & Pick<Registry, 'apps'>,
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === 'csv') {
    yield [...COLUMNS, ...MANIFEST_COLUMNS.map((f) => f.key)].map(csvCell).join(',') + '\n';
    for await (const app of appsWithManifests(registry)) yield csvRow(app) + '\n';
    return;
  }
  let first = true;
  yield '[';
  for await (const app of appsWithManifests(registry)) {
    yield (first ? '\n  ' : ',\n  ') + JSON.stringify(app);
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

/** Every app with its current manifest, reading the revisions of each page of apps in one go. */
async function* appsWithManifests(
  registry: RegistryWith<'revisions'> & Pick<Registry, 'apps'>,
): AsyncGenerator<ExportedApp> {
  let page: AppRecord[] = [];
  for await (const app of allApps(registry)) {
    page.push(app);
    if (page.length === MAX_PAGE) {
      yield* await withManifests(registry, page);
      page = [];
    }
  }
  if (page.length > 0) yield* await withManifests(registry, page);
}

async function withManifests(registry: RegistryWith<'revisions'>, apps: AppRecord[]): Promise<ExportedApp[]> {
  return registry.read(async (tx) => {
    const exported: ExportedApp[] = [];
    for (const app of apps) {
      const revision = await tx.revisions.find(app.currentRevisionId);
      if (!revision) throw new Error(`App ${app.id} points at revision ${app.currentRevisionId}, which is missing.`);
      exported.push({ ...app, manifest: revision.manifest });
    }
    return exported;
  });
}

function csvRow(app: ExportedApp): string {
  const manifest = app.manifest as unknown as Record<string, unknown>;
  return [...COLUMNS.map((c) => app[c]), ...MANIFEST_COLUMNS.map((f) => manifestText(f, manifest[f.key]))]
    .map(csvCell)
    .join(',');
}

/** A manifest value as one plain cell: lists joined with "; ", flags as yes/no, integrations as `system (access[, secret])`. */
function manifestText(field: FieldSpec, value: unknown): unknown {
  if (field.kind === 'integrations' && Array.isArray(value))
    return (value as Integration[]).map(integrationText).join('; ');
  if (Array.isArray(value)) return value.join('; ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return value;
}

function integrationText(i: Integration): string {
  return `${i.system} (${i.access}${i.requiresSecret ? ', secret' : ''})`;
}

/**
 * One CSV cell. Cells starting with `= + - @` (or tab / carriage return) are prefixed with a quote
 * so spreadsheets show them as text instead of running them as formulas.
 */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}
