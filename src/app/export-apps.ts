import type { AppRecord } from '../domain/app-record';
import type { Registry } from '../ports/registry';
import { allApps } from './list-apps';

/** Export formats of `microapp export`. */
export type ExportFormat = 'json' | 'csv';

const COLUMNS: (keyof AppRecord)[] = ['id', 'name', 'status', 'tier', 'score', 'owner', 'backupOwner', 'businessUnit', 'expiresAt', 'createdAt', 'updatedAt'];

/** Streams the whole registry as CSV lines or one JSON array, chunk by chunk. */
export async function* exportApps(registry: Registry, format: ExportFormat): AsyncGenerator<string> {
  if (format === 'csv') {
    yield COLUMNS.join(',') + '\n';
    for await (const app of allApps(registry)) yield COLUMNS.map((c) => csvCell(app[c])).join(',') + '\n';
    return;
  }
  let first = true;
  yield '[';
  for await (const app of allApps(registry)) {
    yield (first ? '\n  ' : ',\n  ') + JSON.stringify(app);
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
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
