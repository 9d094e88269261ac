import { AppError } from './errors';

/** One component an SBOM lists. */
export interface SbomComponent {
  name: string;
  version?: string;
  /** Package URL (`pkg:npm/lodash@4.17.21`) when the SBOM gives one. */
  purl?: string;
}

/** What the gate reads of an SBOM. */
export interface Sbom {
  format: 'CycloneDX' | 'SPDX';
  specVersion: string;
  components: SbomComponent[];
}

/** The largest SBOM file read, the most components and the deepest nesting accepted. */
export const SBOM_LIMITS = { bytes: 20 * 1024 * 1024, components: 50_000, depth: 32 } as const;

const CYCLONEDX_VERSIONS = ['1.4', '1.5', '1.6'];

function refuse(message: string): never {
  throw new AppError('sbom.invalid', message);
}

/**
 * Reads a CycloneDX JSON (1.4–1.6) or SPDX JSON (2.x) SBOM. Files over 20 MB, with more than 50,000
 * components or components nested deeper than 32 levels, or that are not one of those formats, are
 * refused with what to do.
 */
export function parseSbom(text: string): Sbom {
  if (Buffer.byteLength(text) > SBOM_LIMITS.bytes)
    refuse(
      'The SBOM is larger than 20 MB: generate it for this app alone (not the whole monorepo or the build image).',
    );
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    if (error instanceof RangeError)
      refuse('The SBOM nests too deeply to read: generate it again with your SBOM tool.');
    refuse(`The SBOM is not JSON (${(error as Error).message.slice(0, 80)}): give a CycloneDX or SPDX JSON file.`);
  }
  if (!isObject(doc)) refuse('The SBOM is not a JSON object: give a CycloneDX or SPDX JSON file.');
  if (doc.bomFormat === 'CycloneDX') return cycloneDx(doc);
  if (typeof doc.spdxVersion === 'string') return spdx(doc);
  return refuse(
    'This file is neither CycloneDX JSON ("bomFormat": "CycloneDX") nor SPDX JSON ("spdxVersion"): generate one, e.g. with `npx @cyclonedx/cyclonedx-npm --output-file bom.json` or `syft . -o cyclonedx-json`.',
  );
}

function cycloneDx(doc: Record<string, unknown>): Sbom {
  const specVersion = String(doc.specVersion ?? '');
  if (!CYCLONEDX_VERSIONS.includes(specVersion))
    refuse(`CycloneDX ${specVersion || 'without a specVersion'} is not read: give CycloneDX 1.4, 1.5 or 1.6 JSON.`);
  const components: SbomComponent[] = [];
  const walk = (list: unknown, depth: number): void => {
    if (list === undefined) return;
    if (!Array.isArray(list)) refuse('"components" must be a list in a CycloneDX SBOM.');
    if (depth > SBOM_LIMITS.depth) refuse(`The SBOM nests components more than ${SBOM_LIMITS.depth} deep: flatten it.`);
    for (const c of list) {
      if (!isObject(c)) continue;
      const component = componentOf(c.name, c.version, c.purl, c.group);
      if (component) components.push(component);
      if (components.length > SBOM_LIMITS.components) tooMany();
      walk(c.components, depth + 1);
    }
  };
  walk(doc.components, 1);
  return { format: 'CycloneDX', specVersion, components };
}

function spdx(doc: Record<string, unknown>): Sbom {
  const packages = doc.packages ?? [];
  if (!Array.isArray(packages)) refuse('"packages" must be a list in an SPDX SBOM.');
  if (packages.length > SBOM_LIMITS.components) tooMany();
  const described = new Set(Array.isArray(doc.documentDescribes) ? doc.documentDescribes : []);
  const components: SbomComponent[] = [];
  for (const p of packages) {
    if (!isObject(p) || described.has(p.SPDXID)) continue;
    const refs = Array.isArray(p.externalRefs) ? p.externalRefs.filter(isObject) : [];
    const purl = refs.find((r) => r.referenceType === 'purl')?.referenceLocator;
    const component = componentOf(p.name, p.versionInfo, purl);
    if (component) components.push(component);
  }
  return { format: 'SPDX', specVersion: String(doc.spdxVersion), components };
}

function componentOf(name: unknown, version: unknown, purl: unknown, group?: unknown): SbomComponent | undefined {
  if (typeof name !== 'string' || !name.trim()) return undefined;
  const full = typeof group === 'string' && group.trim() ? `${group.trim()}:${name.trim()}` : name.trim();
  return {
    name: full.slice(0, 300),
    ...(typeof version === 'string' && version && { version: version.slice(0, 100) }),
    ...(typeof purl === 'string' && purl.startsWith('pkg:') && { purl: purl.slice(0, 500) }),
  };
}

function tooMany(): never {
  return refuse(
    `The SBOM lists more than ${SBOM_LIMITS.components.toLocaleString('en-US')} components: generate it for this app alone.`,
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
