import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ManifestTextProblem, parseManifestText } from '../domain/parse-manifest-text';
import { echo } from '../domain/safe-text';
import { FileProblem } from './cli-io';

/** A manifest is a few KB; a policy-sized file is already far too big. */
const MAX_BYTES = 256_000;

/**
 * Reads a microapp.yaml (or .json) file into untrusted manifest input. A file that is missing, too
 * big or unreadable as a manifest (see `parseManifestText`) is a `FileProblem` naming the file and the fix.
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
  try {
    return parseManifestText(await readFile(path, 'utf8'), name);
  } catch (error) {
    if (error instanceof ManifestTextProblem) throw new FileProblem(error.message);
    throw error;
  }
}
