import { Environment } from '@marcbachmann/cel-js';
import type { FieldKind } from '../domain/manifest-fields';
import { MANIFEST_FIELDS } from '../domain/manifest-fields';
import type { Manifest } from '../domain/manifest';

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
    .registerType('Integration', { fields: { system: 'string', access: 'string', requiresSecret: 'bool' } })
    .registerType('CatalogSystem', {
      ctor: CatalogSystem,
      fields: { id: 'string', name: 'string', category: 'string', sensitive: 'bool' },
    })
    .registerVariable({ name: 'app', schema: Object.fromEntries(MANIFEST_FIELDS.map((f) => [f.key, CEL_TYPES[f.kind]])) })
    .registerVariable('catalog', 'map<string, CatalogSystem>');
}

/** The manifest as CEL sees it: whole numbers become CEL ints. */
export function celApp(manifest: Manifest): Record<string, unknown> {
  const app: Record<string, unknown> = { ...manifest, expectedUsers: BigInt(manifest.expectedUsers) };
  if (manifest.retentionDays !== undefined) app.retentionDays = BigInt(manifest.retentionDays);
  return app;
}
