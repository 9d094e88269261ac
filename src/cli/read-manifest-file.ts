import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import { UsageError } from './cli-io';

const MAX_BYTES = 1_000_000;

/** Reads a microapp.yaml (or .json) file into untrusted manifest input. */
export async function readManifestFile(cwd: string, file: string): Promise<Record<string, unknown>> {
  const path = resolve(cwd, file);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new UsageError(`Cannot read ${file}: no such file.`);
  if (info.size > MAX_BYTES) throw new UsageError(`${file} is larger than 1 MB; a manifest is a short YAML or JSON file.`);
  let value: unknown;
  try {
    value = parse(await readFile(path, 'utf8'), { maxAliasCount: 100 });
  } catch (error) {
    throw new UsageError(`${file} is not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${file} must hold the manifest fields (name, purpose, owner, ...), like the example in the README.`);
  }
  return value as Record<string, unknown>;
}
