import type { SbomComponent } from './sbom';

/** A package as matched: its ecosystem (purl type) when known, and its name as that ecosystem compares names. */
interface PackageKey {
  type?: string;
  name: string;
}

/** Reads `pkg:type/namespace/name@version?qualifiers#subpath` into its type and full name; undefined if it is not a purl. */
function purlKey(purl: string): PackageKey | undefined {
  const body = /^pkg:([a-zA-Z][a-zA-Z0-9.+-]*)\/([^?#]+)/.exec(purl.trim());
  if (!body) return undefined;
  const type = body[1]!.toLowerCase();
  let path = body[2]!.replace(/^\/+|\/+$/g, '');
  const at = path.lastIndexOf('@');
  if (at > path.lastIndexOf('/')) path = path.slice(0, at);
  let name: string;
  try {
    name = path
      .split('/')
      .map(decodeURIComponent)
      .join(type === 'maven' ? ':' : '/');
  } catch {
    return undefined;
  }
  return { type, name: normal(type, name) };
}

/** Names as the ecosystem compares them: case-insensitive everywhere; Python also treats runs of `-`, `_` and `.` as one `-` (PEP 503). */
function normal(type: string | undefined, name: string): string {
  const lower = name.trim().toLowerCase();
  return type === 'pypi' ? lower.replace(/[-_.]+/g, '-') : lower;
}

/** A declared library (`name@version`, `name==version`, `name`, or a purl) as a key. */
function declaredKey(entry: string): PackageKey {
  if (entry.trim().startsWith('pkg:')) return purlKey(entry) ?? { name: normal(undefined, entry) };
  let name = entry.trim().split(/\s*(?:===?|~=|!=|>=|<=|>|<|\s)\s*/)[0]!;
  const at = name.lastIndexOf('@');
  if (at > 0) name = name.slice(0, at);
  return { name: normal(undefined, name) };
}

/** Every name a component can be declared by: its name, its purl's name, and a Maven artifact alone. */
function componentKeys(c: SbomComponent): PackageKey[] {
  const fromPurl = c.purl ? purlKey(c.purl) : undefined;
  const keys: PackageKey[] = [{ type: fromPurl?.type, name: normal(fromPurl?.type, c.name) }];
  if (fromPurl) keys.push(fromPurl);
  for (const k of [...keys])
    if (k.type === 'maven' && k.name.includes(':')) keys.push({ type: k.type, name: k.name.split(':').pop()! });
  return keys;
}

/**
 * The SBOM's components that no declared library names, each once. A declared purl matches by
 * ecosystem and name; a declared name matches any ecosystem's package of that name (compared the
 * way the component's ecosystem compares names). Versions are not compared.
 */
export function undeclaredComponents(
  components: readonly SbomComponent[],
  declared: readonly string[],
): SbomComponent[] {
  const keys = declared.map(declaredKey);
  const seen = new Set<string>();
  const missing: SbomComponent[] = [];
  for (const c of components) {
    const own = componentKeys(c);
    const named = keys.some((d) =>
      own.some((k) => (d.type ? d.type === k.type && d.name === k.name : normal(k.type, d.name) === k.name)),
    );
    const id = `${own[0]!.type ?? ''}|${own[0]!.name}`;
    if (named || seen.has(id)) continue;
    seen.add(id);
    missing.push(c);
  }
  return missing;
}
