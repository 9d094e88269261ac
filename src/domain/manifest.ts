import { z } from 'zod';
import { MANIFEST_FIELDS } from './manifest-fields';
import type { FieldError } from './errors';
import { editDistance } from './edit-distance';
import type { Audience, Control, DataClassification, DataType } from './manifest-vocabulary';

/** One system an app talks to. */
export interface Integration {
  system: string;
  access: 'read' | 'write';
  requiresSecret: boolean;
}

/** A registration manifest: exactly the fields of DESIGN.md section 2.1, after validation and defaults. */
export interface Manifest {
  name: string;
  purpose: string;
  owner: string;
  backupOwner?: string;
  businessUnit?: string;
  audience: Audience;
  expectedUsers: number;
  dataClassification: DataClassification;
  dataTypes: DataType[];
  integrations: Integration[];
  thirdPartyLibraries: string[];
  productionEndpoints: string[];
  requestedScopes: string[];
  usesAI: boolean;
  aiOutputsExternal: boolean;
  humanReviewOfOutputs: boolean;
  automatedDecisionsAboutPeople: boolean;
  directProductionDbAccess: boolean;
  impersonatesEmployees: boolean;
  financialTransactions: boolean;
  retentionDays?: number;
  decommissionPlan?: string;
  healthEndpoint?: string;
  controls: Control[];
  builtWith?: string;
  /** Where discovery sources find this app: `<source>:<external id>` (absent in revisions stored before the field existed). */
  externalRefs?: string[];
  /** The https address of its code repository: CI jobs proving they run there may ask the gate. */
  repository?: string;
  /** The numeric id of the repository's owner (GitHub organisation, GitLab group). */
  repositoryOwnerId?: string;
}

const FIELD_KEYS = MANIFEST_FIELDS.map((f) => f.key);

/** The one manifest schema, used by every entry point. */
export const manifestSchema = z.strictObject(Object.fromEntries(MANIFEST_FIELDS.map((f) => [f.key, f.schema])), {
  error: 'A manifest must be an object of fields, like the example microapp.yaml.',
});

/** Result of checking untrusted input against the manifest schema. */
export type ManifestParse =
  | { ok: true; manifest: Manifest }
  | {
      ok: false;
      errors: FieldError[] /** Paths of the errors that are about unknown field names. */;
      unknownFieldPaths: string[];
    };

/** Validates untrusted input; every problem comes back as a field error that says how to fix it. */
export function parseManifest(input: unknown): ManifestParse {
  const result = manifestSchema.safeParse(input);
  if (result.success) return { ok: true, manifest: result.data as unknown as Manifest };
  const given = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const unknownFieldPaths = result.error.issues
    .filter((i) => i.code === 'unrecognized_keys')
    .flatMap((i) => i.keys.map((key) => [...i.path.map(String), shownKey(key)].join('.')));
  if (unknownFieldPaths.length > MAX_UNKNOWN_LISTED) {
    const shown = unknownFieldPaths
      .filter((k) => k !== HIDDEN_KEY)
      .slice(0, 3)
      .map((k) => `"${k}"`)
      .join(', ');
    const error = {
      field: 'manifest',
      path: 'manifest',
      message: `${unknownFieldPaths.length} names are not manifest fields${shown ? ` (${shown}, …)` : ''}: is this the right file? A manifest looks like the example microapp.yaml.`,
    };
    const rest = result.error.issues
      .filter((i) => i.code !== 'unrecognized_keys')
      .flatMap((issue) => toFieldErrors(issue, given));
    return { ok: false, errors: [error, ...rest], unknownFieldPaths: [...unknownFieldPaths, 'manifest'] };
  }
  return { ok: false, errors: result.error.issues.flatMap((issue) => toFieldErrors(issue, given)), unknownFieldPaths };
}

const INTEGRATION_KEYS = ['system', 'access', 'requiresSecret'];

/** Beyond this many unknown names the input is likely not a manifest at all: one error says so instead of one per name. */
const MAX_UNKNOWN_LISTED = 5;

function toFieldErrors(issue: z.core.$ZodIssue, given: Record<string, unknown>): FieldError[] {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      field: path[0] ?? shownKey(key),
      path: [...path, shownKey(key)].join('.'),
      message:
        path.length === 0
          ? unknownKeyMessage(key, 'a manifest field', FIELD_KEYS)
          : unknownKeyMessage(key, 'an integration field', INTEGRATION_KEYS),
    }));
  }
  const field = path[0] ?? 'manifest';
  const spec = MANIFEST_FIELDS.find((f) => f.key === field);
  const missing = path.length === 1 && given[field] === undefined;
  const message = missing && spec ? `${spec.label} is required.` : issue.message;
  return [{ field, path: path.join('.') || field, message }];
}

/** What an unknown name is called in messages: itself when it looks like a field name, else nothing of it (a file that is not a manifest is never echoed). */
const HIDDEN_KEY = '(a name that is not a field name)';

function shownKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]{0,39}$/.test(key) ? key : HIDDEN_KEY;
}

function unknownKeyMessage(key: string, what: string, known: string[]): string {
  const shown = shownKey(key);
  if (shown === HIDDEN_KEY)
    return `A name with spaces, symbols or line breaks is not ${what}; remove it. Is this the right file? Known fields: ${known.join(', ')}.`;
  const guess = closest(key, known);
  return guess
    ? `"${shown}" is not ${what}. Did you mean "${guess}"?`
    : `"${shown}" is not ${what}; remove it. Known fields: ${known.join(', ')}.`;
}

function closest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(key.length / 3)) + 1;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
