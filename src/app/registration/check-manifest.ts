import { AppError } from '../../domain/errors';
import type { FieldError } from '../../domain/errors';
import type { Manifest } from '../../domain/manifest';
import { inputShapeError } from '../../domain/input-shape';
import { parseManifest } from '../../domain/manifest';
import type { SecretScanner } from '../../secrets/scan-secrets';
import { secretFieldErrors } from '../../secrets/scan-secrets';

/**
 * Validates untrusted manifest input: its shape first (no alias cycles, bounded nesting and size), then the secret scan runs first, over the raw input, so a pasted
 * secret is reported as "use the vault" and never reaches a schema message, a log or the store.
 * Throws `input.invalid` with every field error at once.
 */
export async function checkManifest(input: unknown, scanner: SecretScanner): Promise<Manifest> {
  const shape = inputShapeError(input);
  if (shape) throw new AppError('input.invalid', 'The registration is not a manifest.', { fieldErrors: [shape] });
  const findings = await scanner.scan(input);
  const parsed = parseManifest(input);
  const flagged = new Set(findings.map((f) => f.field));
  // A secret pasted as a field name would be echoed by the "unknown field" message, so those go unsaid.
  const hideNames = new Set(parsed.ok || !findings.some((f) => f.inName) ? [] : parsed.unknownFieldPaths);
  const schemaErrors = parsed.ok ? [] : parsed.errors.filter((e) => !flagged.has(e.field) && !hideNames.has(e.path));
  const errors: FieldError[] = [...secretFieldErrors(findings), ...schemaErrors];
  if (errors.length > 0 || !parsed.ok) {
    throw new AppError(
      'input.invalid',
      `The registration has ${errors.length} problem${errors.length === 1 ? '' : 's'}.`,
      { fieldErrors: errors },
    );
  }
  return parsed.manifest;
}
