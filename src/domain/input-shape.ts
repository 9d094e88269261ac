import type { FieldError } from './errors';

/** Deepest nesting a manifest needs is 3 (integrations → item → field); anything far deeper is not a manifest. */
export const MAX_DEPTH = 8;

/** More values than any manifest holds (50 integrations of 3 fields, 200 libraries…), with room to spare. */
export const MAX_VALUES = 5_000;

/**
 * Checks untrusted input's shape before anything walks it: no value that contains itself (a YAML
 * alias cycle), no nesting deeper than `maxDepth`, at most `maxValues` values (manifest limits by default). Returns a field error
 * naming the top-level field, or undefined when the shape is fine.
 */
export function inputShapeError(
  input: unknown,
  limits: { maxDepth?: number; maxValues?: number } = {},
): FieldError | undefined {
  const maxDepth = limits.maxDepth ?? MAX_DEPTH;
  const maxValues = limits.maxValues ?? MAX_VALUES;
  let values = 0;
  const open = new Set<object>();
  const visit = (value: unknown, path: string[]): FieldError | undefined => {
    if (++values > maxValues)
      return fieldError(path, `holds more than ${maxValues} values; that is far more than this file needs.`);
    if (!value || typeof value !== 'object') return undefined;
    if (open.has(value))
      return fieldError(
        path,
        'contains itself (a YAML alias that refers to its own anchor); write the value out instead.',
      );
    if (path.length >= maxDepth)
      return fieldError(
        path,
        `nests lists or objects deeper than ${maxDepth} levels; fields are text, numbers, yes/no or short lists.`,
      );
    open.add(value);
    for (const [key, child] of Object.entries(value)) {
      const problem = visit(child, [...path, key]);
      if (problem) return problem;
    }
    open.delete(value);
    return undefined;
  };
  return visit(input, []);
}

function fieldError(path: string[], problem: string): FieldError {
  const field = path[0] ?? 'manifest';
  const shown = path.slice(0, 3).map((p) => (p.length > 40 ? `${p.slice(0, 39)}…` : p));
  return {
    field: field.length > 40 ? `${field.slice(0, 39)}…` : field,
    path: shown.join('.') || field,
    message: `${shown[0] ?? 'The manifest'} ${problem}`,
  };
}
