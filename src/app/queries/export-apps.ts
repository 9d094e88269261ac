import type { AppRecord } from '../../domain/app-record';
import type { Integration, Manifest } from '../../domain/manifest';
import type { FieldSpec } from '../../domain/manifest-fields';
import { MANIFEST_FIELDS } from '../../domain/manifest-fields';
import type { Registry, RegistryWith } from '../../ports/registry';
import type { Person } from '../../ports/people';
import type { PeopleDirectory } from '../../people/people-directory';
import { isEmail } from '../../domain/actor';
import { MAX_PAGE, allApps } from './list-apps';

/** Export formats of `microapp export`. */
export type ExportFormat = 'json' | 'csv';

/** Who an owner or backup owner is, from the people directory: absent where it does not know. */
export interface OwnerNames {
  ownerName?: string;
  ownerEmail?: string;
  backupOwnerName?: string;
  backupOwnerEmail?: string;
}

/** One exported app: its record, who its owners are, and the whole manifest of its current revision. */
export type ExportedApp = AppRecord & OwnerNames & { manifest: Manifest };

/** What the export reads: the registry, and the people directory for the owners' names. */
export interface ExportDeps {
  registry: RegistryWith<'revisions'> & Pick<Registry, 'apps'>;
  directory: Pick<PeopleDirectory, 'known'>;
}

const COLUMNS: (keyof AppRecord | keyof OwnerNames)[] = [
  'id',
  'name',
  'status',
  'tier',
  'score',
  'owner',
  'ownerName',
  'ownerEmail',
  'backupOwner',
  'backupOwnerName',
  'backupOwnerEmail',
  'businessUnit',
  'expiresAt',
  'createdAt',
  'updatedAt',
];
const MANIFEST_COLUMNS: readonly FieldSpec[] = MANIFEST_FIELDS.filter((f) => !(COLUMNS as string[]).includes(f.key));

/**
 * Streams the whole registry as CSV lines or one JSON array, chunk by chunk. Each app carries the
 * manifest of its current revision (whole in JSON, one column per manifest field in CSV) and its
 * owners' names and emails, looked up one page of apps at a time.
 */
export async function* exportApps(deps: ExportDeps, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') {
    yield [...COLUMNS, ...MANIFEST_COLUMNS.map((f) => f.key)].map(csvCell).join(',') + '\n';
    for await (const app of appsWithManifests(deps)) yield csvRow(app) + '\n';
    return;
  }
  let first = true;
  yield '[';
  for await (const app of appsWithManifests(deps)) {
    yield (first ? '\n  ' : ',\n  ') + JSON.stringify(app);
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

/** Every app with its current manifest and owners' names, reading the revisions and people of each page of apps in one go. */
async function* appsWithManifests(deps: ExportDeps): AsyncGenerator<ExportedApp> {
  let page: AppRecord[] = [];
  for await (const app of allApps(deps.registry)) {
    page.push(app);
    if (page.length === MAX_PAGE) {
      yield* await withManifests(deps, page);
      page = [];
    }
  }
  if (page.length > 0) yield* await withManifests(deps, page);
}

async function withManifests(deps: ExportDeps, apps: AppRecord[]): Promise<ExportedApp[]> {
  const people = await deps.directory.known(apps.flatMap((a) => [a.owner, a.backupOwner]));
  const manifests = await deps.registry.read((tx) => tx.revisions.manifests(apps.map((a) => a.currentRevisionId)));
  return apps.map((app) => {
    const manifest = manifests.get(app.currentRevisionId);
    if (!manifest) throw new Error(`App ${app.id} points at revision ${app.currentRevisionId}, which is missing.`);
    return { ...app, ...ownerNames(app, people), manifest };
  });
}

/** What the directory knows of an app's owner and backup owner: names, and emails (the one they were named by when it is one). */
export function ownerNames(
  app: Pick<AppRecord, 'owner' | 'backupOwner'>,
  people: ReadonlyMap<string, Person>,
): OwnerNames {
  return {
    ...namesOf('owner', app.owner, people.get(app.owner)),
    ...namesOf('backupOwner', app.backupOwner, app.backupOwner ? people.get(app.backupOwner) : undefined),
  };
}

function namesOf(role: 'owner' | 'backupOwner', ref: string | undefined, person: Person | undefined): OwnerNames {
  const email = person?.email ?? (ref && isEmail(ref) ? ref : undefined);
  return {
    ...(person?.displayName && { [`${role}Name`]: person.displayName }),
    ...(email && { [`${role}Email`]: email }),
  };
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
