import { parse as parseYaml } from 'yaml';
import type { DiscoveredFacts, DiscoveredPerson } from '../../src/ports/discovery-source';

/** The fields of a repository in GET /orgs/{org}/repos that the connector reads. */
export interface GithubRepo {
  full_name?: string;
  name?: string;
  html_url?: string;
  owner?: { login?: string; type?: string };
  topics?: string[];
  created_at?: string;
  updated_at?: string;
  pushed_at?: string | null;
  size?: number;
}

/** The fields of an installation in GET /orgs/{org}/installations that the connector reads. */
export interface GithubInstallation {
  id?: number;
  app_slug?: string;
  html_url?: string;
  permissions?: Record<string, string>;
  created_at?: string;
  updated_at?: string;
}

/** The two manifest fields the connector keeps; nothing else in the file is read or stored. */
export interface ManifestGlimpse {
  name?: string;
  owner?: string;
}

/** A microapp.yaml larger than this is not parsed (a manifest is a few kilobytes). */
const MAX_MANIFEST_BYTES = 64 * 1024;
const USER_REF = /^(slack|teams):[A-Za-z0-9][A-Za-z0-9:._@-]{0,199}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads `name` and `owner` from a microapp.yaml, cheaply and defensively: a file that is too big, not
 * YAML or not a mapping gives an empty glimpse; an owner that is not a Slack/Teams user or an email,
 * and a name that is not a short single line, are dropped.
 */
export function glimpseManifest(text: string): ManifestGlimpse {
  if (Buffer.byteLength(text, 'utf8') > MAX_MANIFEST_BYTES) return {};
  let value: unknown;
  try {
    value = parseYaml(text, { maxAliasCount: 10 });
  } catch {
    return {};
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const { name, owner } = value as Record<string, unknown>;
  const cleanName = typeof name === 'string' ? name.trim() : '';
  const cleanOwner = typeof owner === 'string' ? owner.trim() : '';
  return {
    name: cleanName && cleanName.length <= 200 && !/[\r\n]/.test(cleanName) ? cleanName : undefined,
    owner: USER_REF.test(cleanOwner) || (EMAIL.test(cleanOwner) && cleanOwner.length <= 254) ? cleanOwner : undefined,
  };
}

/** A repository that carries a microapp.yaml or the configured topic; `manifest` is what its microapp.yaml said. */
export function repoFacts(repo: GithubRepo, manifest: ManifestGlimpse | undefined): DiscoveredFacts | undefined {
  if (!repo.full_name) return undefined;
  const people: DiscoveredPerson[] = [];
  if (manifest?.owner) {
    people.push(EMAIL.test(manifest.owner) ? { email: manifest.owner.toLowerCase() } : { ref: manifest.owner });
  }
  if (repo.owner?.type === 'User' && repo.owner.login) people.push({ sourceId: repo.owner.login });
  return {
    externalId: repo.full_name.toLowerCase(),
    name: manifest?.name ?? repo.name ?? repo.full_name,
    kind: 'repository',
    people,
    createdAt: isoOrUndefined(repo.created_at),
    lastModifiedAt: isoOrUndefined(repo.pushed_at ?? repo.updated_at),
    url: repo.html_url,
  };
}

/** A GitHub App installed in the organization, as `app:<slug>` (a repository name cannot hold a colon). */
export function installationFacts(installation: GithubInstallation): DiscoveredFacts | undefined {
  if (!installation.app_slug) return undefined;
  const permissions = Object.entries(installation.permissions ?? {}).map(([what, level]) => `${what}:${level}`);
  return {
    externalId: `app:${installation.app_slug}`,
    name: installation.app_slug,
    kind: 'app',
    people: [],
    createdAt: isoOrUndefined(installation.created_at),
    lastModifiedAt: isoOrUndefined(installation.updated_at),
    url: installation.html_url,
    permissions: permissions.length > 0 ? permissions : undefined,
  };
}

function isoOrUndefined(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}
