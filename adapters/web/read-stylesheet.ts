import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The dashboard's stylesheet, adapters/web/style.css: next to this file in the sources, or three folders up from the built one in dist/. */
export function readStylesheet(): string {
  const beside = join(__dirname, 'style.css');
  return readFileSync(existsSync(beside) ? beside : join(__dirname, '../../../adapters/web/style.css'), 'utf8');
}
