import type { DiscoveredFacts, DiscoveredKind, DiscoveredPerson } from './discovered-facts';
import { DISCOVERED_KINDS } from './discovered-facts';
import { isEmail } from './actor';
import { csvRecords } from './csv-rows';
import { AppError } from './errors';
import { echo } from './safe-text';

/** The largest import file read: about 100,000 rows of a typical export. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** The columns (CSV) or keys (JSON) an import reads; only `id` and `name` are required. */
export const IMPORT_COLUMNS = ['id', 'name', 'owner', 'createdAt', 'lastUsedAt', 'url', 'kind'] as const;

/** The shape of a source's name: lower-case letters, digits and dashes, as it appears in refs (`zapier:z-1001`); `all` names every source in metrics. */
export const SOURCE_NAME = /^(?!all$)[a-z0-9][a-z0-9-]{0,79}$/;

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const PERSON_REF = /^(slack|teams):\S+$/;

/**
 * The items of an import file (`format` from its name: `.csv` or `.json`), every row checked: a
 * missing `id` column, an empty id or name, a repeated id, a date that is not ISO 8601 or a url that
 * is not http(s) fails the whole file with a message naming the row and the fix.
 */
export function parseDiscoveryImport(fileName: string, text: string): DiscoveredFacts[] {
  if (Buffer.byteLength(text) > MAX_IMPORT_BYTES)
    throw bad(
      `${fileName} is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MB; split it by team or date and import each part under its own source name.`,
    );
  const json = /\.json$/i.test(fileName) || (!/\.csv$/i.test(fileName) && /^\s*[[{]/.test(text));
  const rows = json ? jsonRows(fileName, text) : csvRows(fileName, text);
  if (rows.length === 0)
    throw bad(
      `${fileName} has no rows, so nothing was imported (an empty import would mark every item of the source gone). Export the list again, with a header line naming the columns ${IMPORT_COLUMNS.slice(0, 6).join(', ')}.`,
    );
  const seen = new Map<string, string>();
  return rows.map(({ where, values }) => {
    const id = values.id?.trim() ?? '';
    if (!id) throw bad(`${where} of ${fileName} has no id. Every row needs the tool's own id for the item.`);
    if (id.length > 500) throw bad(`${where} of ${fileName} has an id longer than 500 characters; shorten it.`);
    const first = seen.get(id);
    if (first)
      throw bad(
        `${where} of ${fileName} repeats the id "${echo(id, 60)}" of ${first}. Each id may appear once: remove the duplicate row.`,
      );
    seen.set(id, where);
    const name = values.name?.trim() ?? '';
    if (!name) throw bad(`${where} of ${fileName} (id "${echo(id, 60)}") has no name. Give every row a name.`);
    const url = values.url?.trim() || undefined;
    if (url && !/^https?:\/\/\S+$/i.test(url))
      throw bad(`${where} of ${fileName}: url "${echo(url, 60)}" is not an http(s) address; fix it or leave it empty.`);
    const kind = values.kind?.trim().toLowerCase() || 'workflow';
    if (!(DISCOVERED_KINDS as readonly string[]).includes(kind))
      throw bad(
        `${where} of ${fileName}: kind "${echo(kind, 30)}" is not one of ${DISCOVERED_KINDS.join(', ')}; fix it or leave it empty.`,
      );
    const owner = values.owner?.trim();
    return {
      externalId: id,
      name,
      kind: kind as DiscoveredKind,
      people: owner ? [personOf(owner)] : [],
      createdAt: dateOf(values.createdAt, 'createdAt', where, fileName),
      lastUsedAt: dateOf(values.lastUsedAt, 'lastUsedAt', where, fileName),
      url,
      permissions: [],
    };
  });
}

interface ImportRow {
  /** "line 4" (CSV) or "item 3" (JSON). */
  where: string;
  values: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>;
}

function csvRows(fileName: string, text: string): ImportRow[] {
  let records: ReturnType<typeof csvRecords>;
  try {
    records = csvRecords(text);
  } catch (error) {
    throw bad(`${fileName} is not valid CSV: ${(error as Error).message}. Close the quote or remove it.`);
  }
  const [header, ...body] = records;
  if (!header) return [];
  const columns = header.cells.map((c) => canonicalColumn(c));
  for (const required of ['id', 'name'] as const)
    if (!columns.includes(required))
      throw bad(
        `${fileName} has no "${required}" column. Its first line must name the columns, with at least id and name (also read: ${IMPORT_COLUMNS.slice(2).join(', ')}); it names ${header.cells.map((c) => `"${echo(c.trim(), 30)}"`).join(', ')}.`,
      );
  return body.map((r) => {
    if (r.cells.length > columns.length)
      throw bad(
        `line ${r.line} of ${fileName} has ${r.cells.length} cells but the header names ${columns.length} columns; quote cells that contain commas.`,
      );
    const values: ImportRow['values'] = {};
    columns.forEach((column, i) => {
      if (column) values[column] = r.cells[i];
    });
    return { where: `line ${r.line}`, values };
  });
}

function jsonRows(fileName: string, text: string): ImportRow[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw bad(`${fileName} is not valid JSON (${(error as Error).message}). Check it, or export the list as CSV.`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items;
  if (!Array.isArray(list))
    throw bad(
      `${fileName} must be a JSON list of items (or {"items": [...]}), each like {"id": "z-1001", "name": "Lead sync"}.`,
    );
  if (list.length > 0 && list.every((item) => !item || typeof item !== 'object' || !('id' in item)))
    throw bad(`${fileName} has no "id" key in its items. Each item needs at least "id" and "name".`);
  return list.map((item, i) => {
    const where = `item ${i + 1}`;
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw bad(`${where} of ${fileName} is not an object; each item is like {"id": "z-1001", "name": "Lead sync"}.`);
    const values: ImportRow['values'] = {};
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      const column = canonicalColumn(key);
      if (!column || value === null || value === undefined) continue;
      if (typeof value !== 'string' && typeof value !== 'number')
        throw bad(`${where} of ${fileName}: "${column}" must be text.`);
      values[column] = String(value);
    }
    return { where, values };
  });
}

function canonicalColumn(name: string): (typeof IMPORT_COLUMNS)[number] | undefined {
  const key = name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]/g, '');
  return IMPORT_COLUMNS.find((c) => c.toLowerCase() === key);
}

function dateOf(value: string | undefined, column: string, where: string, fileName: string): string | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  const iso = v.replace(' ', 'T');
  const t = Date.parse(/T[\d:.]+$/.test(iso) ? `${iso}Z` : iso);
  if (!DATE.test(v) || Number.isNaN(t))
    throw bad(
      `${where} of ${fileName}: ${column} "${echo(v, 40)}" is not a date. Write dates as ISO 8601, like 2026-12-07 or 2026-12-07T09:30:00Z, or leave the cell empty.`,
    );
  return new Date(t).toISOString();
}

function personOf(owner: string): DiscoveredPerson {
  if (isEmail(owner)) return { email: owner.toLowerCase() };
  if (PERSON_REF.test(owner)) return { ref: owner };
  return { displayName: owner.slice(0, 200) };
}

function bad(message: string): AppError {
  return new AppError('discovery.bad_import', message);
}
