import { isAbsolute, relative } from 'node:path';

/** A folder as a message shows it: relative to `cwd` when inside it (`policies`), else absolute. */
export function shownPath(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  if (inside === '') return '.';
  return inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}
