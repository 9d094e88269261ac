import { parseDocument } from 'yaml';
import { echo } from './safe-text';

/** Aliases a hand-written manifest might use; far fewer than an alias bomb needs. */
const MAX_ALIASES = 100;

/** Why a manifest's text could not be read, in words that name it (`name`) and the fix. */
export class ManifestTextProblem extends Error {
  override readonly name = 'ManifestTextProblem';
}

/**
 * Parses a microapp.yaml's text (YAML or JSON) into untrusted manifest input. Text that is not
 * YAML, nests too deeply, is an alias bomb or holds no fields is a `ManifestTextProblem` whose
 * message names the manifest as `name` and says how to fix it; what is inside (cycles, types,
 * sizes) is the manifest check's to judge.
 */
export function parseManifestText(text: string, name: string): Record<string, unknown> {
  let value: unknown;
  try {
    const doc = parseDocument(text, { uniqueKeys: true });
    const [first] = doc.errors;
    if (first?.code === 'RESOURCE_EXHAUSTION') throw new RangeError(first.code);
    if (first)
      throw new ManifestTextProblem(`${name} is not valid YAML or JSON: ${echo(first.message.split('\n')[0]!, 200)}`);
    value = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (error instanceof ManifestTextProblem) throw error;
    if (error instanceof RangeError)
      throw new ManifestTextProblem(
        `${name} nests lists or objects too deeply to read; manifest fields are text, numbers, yes/no or short lists.`,
        { cause: error },
      );
    throw new ManifestTextProblem(
      `${name} could not be read as a manifest: ${echo(String((error as Error)?.message ?? error).split('\n')[0]!, 200)}. Aliases (*name) may be used at most ${MAX_ALIASES} times.`,
      { cause: error },
    );
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new ManifestTextProblem(
      `${name} must hold the manifest fields (name, purpose, owner, ...), like the example in the README.`,
    );
  return value as Record<string, unknown>;
}
