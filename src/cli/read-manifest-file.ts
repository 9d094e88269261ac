import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { echo } from '../domain/safe-text';
import { FileProblem } from './cli-io';

/** A manifest is a few KB; a policy-sized file is already far too big. */
const MAX_BYTES = 256_000;

/** Aliases a hand-written manifest might use; far fewer than an alias bomb needs. */
const MAX_ALIASES = 100;

/**
 * Reads a microapp.yaml (or .json) file into untrusted manifest input. A file that is missing, too
 * big, not YAML, too deeply nested or an alias bomb is a `FileProblem` naming the file and the fix;
 * what is inside (cycles, types, sizes) is the manifest check's to judge.
 */
export async function readManifestFile(cwd: string, file: string): Promise<Record<string, unknown>> {
  const path = resolve(cwd, file);
  const name = echo(file, 80);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new FileProblem(`Cannot read ${name}: no such file.`);
  if (info.size > MAX_BYTES)
    throw new FileProblem(
      `${name} is larger than ${MAX_BYTES / 1000} KB; a manifest is a short YAML or JSON file like the example microapp.yaml.`,
    );
  let value: unknown;
  try {
    const doc = parseDocument(await readFile(path, 'utf8'), { uniqueKeys: true });
    const [first] = doc.errors;
    if (first?.code === 'RESOURCE_EXHAUSTION') throw new RangeError(first.code);
    if (first) throw new FileProblem(`${name} is not valid YAML or JSON: ${echo(first.message.split('\n')[0]!, 200)}`);
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    if (error instanceof RangeError)
      throw new FileProblem(
        `${name} nests lists or objects too deeply to read; manifest fields are text, numbers, yes/no or short lists.`,
      );
    throw new FileProblem(
      `${name} could not be read as a manifest: ${echo(String((error as Error)?.message ?? error).split('\n')[0]!, 200)}. Aliases (*name) may be used at most ${MAX_ALIASES} times.`,
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new FileProblem(
      `${name} must hold the manifest fields (name, purpose, owner, ...), like the example in the README.`,
    );
  }
  return value as Record<string, unknown>;
}
