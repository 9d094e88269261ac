import type { DiscoveredFacts, DiscoveryPage, DiscoverySource } from '../../src/ports/discovery-source';
import { DiscoverySourceError } from '../../src/ports/discovery-source';
import type { GithubInstallation, GithubRepo, ManifestGlimpse } from './github-discovery-facts';
import { glimpseManifest, installationFacts, repoFacts } from './github-discovery-facts';
import type { GithubClientOptions } from './github-request';
import { githubGet } from './github-request';

/** What the GitHub discovery source needs. */
export interface GithubDiscoveryConfig {
  /** A token that can list the org's repositories, read their contents and list its app installations. */
  token: string;
  org: string;
  /** REST API base URL; https://api.github.com when absent (GitHub Enterprise Server: https://HOST/api/v3). */
  apiUrl?: string;
  /** Repositories carrying this topic count even without a microapp.yaml. */
  topic?: string;
  /** Items asked for per page (`per_page`, at most 100); 100 when absent. */
  pageSize?: number;
  fetch?: typeof fetch;
  now?: () => number;
  timeoutMs?: number;
}

/**
 * At most one listing page a second, and each repository's microapp.yaml looked up one at a time:
 * GitHub asks integrations to make requests serially, and its hourly budget (5,000 for a token)
 * answers 403/429 with x-ratelimit-reset when spent, which the scan waits out.
 */
const PACE_MS = 1_000;

const PERMISSION = {
  repos:
    'read access to the organization\'s repositories (fine-grained token: "Metadata" repository permission, read; classic token: the repo scope for private repositories)',
  contents:
    'read access to repository contents (fine-grained token: "Contents" repository permission, read; classic token: the repo scope)',
  installations:
    'the organization "Administration" permission, read (fine-grained token) or the admin:read scope (classic token); the token\'s user must be an organization owner',
};

/** Where a GitHub scan stands: repositories then installations, and the Link address of the next page. */
interface GithubScanCursor {
  step: 'repos' | 'installations';
  next?: string;
}

/**
 * The `github` discovery source: the organization's repositories that carry a microapp.yaml at the
 * root (name and owner read from it) or the configured topic, then the GitHub Apps installed in the
 * organization. Pages follow the Link header; the cursor names the list it is on so a stored cursor
 * resumes mid-way.
 */
export function createGithubDiscoverySource(config: GithubDiscoveryConfig): DiscoverySource {
  const apiUrl = (config.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
  const perPage = Math.min(100, Math.max(1, config.pageSize ?? 100));
  const org = encodeURIComponent(config.org);
  const client: GithubClientOptions = {
    token: config.token,
    fetch: config.fetch ?? fetch,
    now: config.now ?? Date.now,
    timeoutMs: config.timeoutMs ?? 30_000,
  };
  const first = {
    repos: `${apiUrl}/orgs/${org}/repos?type=all&sort=full_name&per_page=${perPage}`,
    installations: `${apiUrl}/orgs/${org}/installations?per_page=${perPage}`,
  };

  const manifestOf = async (repo: GithubRepo): Promise<ManifestGlimpse | undefined> => {
    if (!repo.full_name || repo.size === 0) return undefined;
    const path = repo.full_name.split('/').map(encodeURIComponent).join('/');
    const answer = await githubGet(`${apiUrl}/repos/${path}/contents/microapp.yaml`, client, {
      permission: PERMISSION.contents,
      what: `microapp.yaml in ${repo.full_name}`,
      allowMissing: true,
    });
    if (answer.absent) return undefined;
    const file = answer.body as { type?: string; encoding?: string; content?: string };
    if (file.type !== 'file' || typeof file.content !== 'string') return undefined;
    const text = file.encoding === 'base64' ? Buffer.from(file.content, 'base64').toString('utf8') : file.content;
    return glimpseManifest(text);
  };

  const readRepos = async (url: string): Promise<DiscoveryPage> => {
    const answer = await githubGet(url, client, {
      permission: PERMISSION.repos,
      what: `the repositories of ${config.org}`,
    });
    const repos = listOf<GithubRepo>(answer.absent ? [] : answer.body, 'repositories');
    const items: DiscoveredFacts[] = [];
    for (const repo of repos) {
      const manifest = await manifestOf(repo);
      const tagged = config.topic !== undefined && (repo.topics ?? []).includes(config.topic);
      const facts = manifest || tagged ? repoFacts(repo, manifest) : undefined;
      if (facts) items.push(facts);
    }
    const next = answer.absent ? undefined : answer.next;
    return { items, cursor: encode(next ? { step: 'repos', next } : { step: 'installations' }) };
  };

  const readInstallations = async (url: string): Promise<DiscoveryPage> => {
    const answer = await githubGet(url, client, {
      permission: PERMISSION.installations,
      what: `the GitHub Apps installed in ${config.org}`,
    });
    const body = answer.absent ? {} : (answer.body as { installations?: unknown });
    const installations = listOf<GithubInstallation>(body.installations, 'installations');
    const items = installations.map(installationFacts).filter((f): f is DiscoveredFacts => f !== undefined);
    const next = answer.absent ? undefined : answer.next;
    return { items, cursor: next ? encode({ step: 'installations', next }) : undefined };
  };

  return {
    name: 'github',
    paceMs: PACE_MS,
    async scanPage(cursor) {
      const at = cursor === undefined ? undefined : decode(cursor, apiUrl);
      if (!at) return readRepos(first.repos);
      const url = at.next ?? first[at.step];
      return at.step === 'repos' ? readRepos(url) : readInstallations(url);
    },
  };
}

function listOf<T>(value: unknown, what: string): T[] {
  if (!Array.isArray(value)) {
    throw new DiscoverySourceError({
      source: 'github',
      code: 'github.garbage',
      fix: `GitHub answered the ${what} list with something that is not a list; the scan tries again later. If it persists, check GITHUB_API_URL (leave it unset for https://api.github.com).`,
      permanent: false,
    });
  }
  return value as T[];
}

function encode(cursor: GithubScanCursor): string {
  return JSON.stringify(cursor);
}

/** A stored cursor, or undefined when it is not ours or points away from the configured API (the scan starts over). */
function decode(text: string, apiUrl: string): GithubScanCursor | undefined {
  try {
    const value = JSON.parse(text) as Partial<GithubScanCursor>;
    if (value.step !== 'repos' && value.step !== 'installations') return undefined;
    if (value.next !== undefined && (typeof value.next !== 'string' || !value.next.startsWith(`${apiUrl}/`))) {
      return undefined;
    }
    return { step: value.step, next: value.next };
  } catch {
    return undefined;
  }
}
