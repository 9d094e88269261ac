import { Environment } from '@marcbachmann/cel-js';
import type { FieldKind } from '../domain/manifest-fields';
import { MANIFEST_FIELDS } from '../domain/manifest-fields';
import type { Manifest } from '../domain/manifest';

/** The types of `Integration` and `CatalogSystem` values, as conditions see them. */
const INTEGRATION_FIELDS = { system: 'string', access: 'string', requiresSecret: 'bool' } as const;
const CATALOG_FIELDS = { id: 'string', name: 'string', category: 'string', sensitive: 'bool' } as const;

const CEL_TYPES: Record<FieldKind, string> = {
  text: 'string',
  textarea: 'string',
  user: 'string',
  select: 'string',
  number: 'int',
  flag: 'bool',
  multiselect: 'list<string>',
  lines: 'list<string>',
  integrations: 'list<Integration>',
};

/** A catalog entry as rule conditions see it (`catalog[i.system].category`). */
export class CatalogSystem {
  constructor(
    readonly id: string,
    readonly name: string,
    readonly category: string,
    readonly sensitive: boolean,
  ) {}
}

/**
 * The CEL environment rule conditions are checked and run in: `app` is the manifest (typed from the
 * manifest field list, so a misspelt field fails at load) and `catalog` maps system id → entry.
 */
export function createCelEnvironment(): Environment {
  return new Environment()
    .registerType('Integration', { fields: { ...INTEGRATION_FIELDS } })
    .registerType('CatalogSystem', { ctor: CatalogSystem, fields: { ...CATALOG_FIELDS } })
    .registerVariable({
      name: 'app',
      schema: Object.fromEntries(MANIFEST_FIELDS.map((f) => [f.key, CEL_TYPES[f.kind]])),
    })
    .registerVariable('catalog', 'map<string, CatalogSystem>');
}

/** The manifest as CEL sees it: whole numbers become CEL ints. */
export function celApp(manifest: Manifest): Record<string, unknown> {
  const app: Record<string, unknown> = { ...manifest, expectedUsers: BigInt(manifest.expectedUsers) };
  if (manifest.retentionDays !== undefined) app.retentionDays = BigInt(manifest.retentionDays);
  return app;
}

/** One name a rule condition can use, with its CEL type and what it means. */
export interface CelField {
  name: string;
  type: string;
  about: string;
  /** The values an enumeration may hold. */
  values?: readonly string[];
  /** Absent when the owner left it out: test with `has(app.<field>)` first. */
  optional: boolean;
}

/** Every field a condition can read, straight from the manifest schema and the environment above (`microapp policy fields`). */
export function celFields(): CelField[] {
  const integration = { access: ['read', 'write'] } as Record<string, readonly string[]>;
  const numberOrText = (kind: FieldKind) =>
    kind === 'number' || kind === 'text' || kind === 'textarea' || kind === 'user' || kind === 'select';
  return [
    ...MANIFEST_FIELDS.map((f) => ({
      name: `app.${f.key}`,
      type: CEL_TYPES[f.kind],
      about: `${f.label}: ${f.hint}`,
      values: f.options,
      optional: !f.required && numberOrText(f.kind),
    })),
    ...Object.entries(INTEGRATION_FIELDS).map(([k, type]) => ({
      name: `i.${k}`,
      type,
      about: 'A field of each entry of app.integrations (as in app.integrations.exists(i, …))',
      values: integration[k],
      optional: false,
    })),
    ...Object.entries(CATALOG_FIELDS).map(([k, type]) => ({
      name: `catalog[id].${k}`,
      type,
      about:
        'A catalog system from catalog.yaml (check `i.system.lowerAscii() in catalog` first, as the shipped rules do)',
      optional: false,
    })),
  ];
}
