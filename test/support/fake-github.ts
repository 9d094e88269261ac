/**
 * A small local stand-in for GitHub's REST API, built from the request and response examples on
 * GitHub's REST reference:
 * - List organization repositories, GET /orgs/{org}/repos (docs.github.com/rest/repos/repos)
 * - Get repository content, GET /repos/{owner}/{repo}/contents/{path} (docs.github.com/rest/repos/contents):
 *   a file answers `type: "file"`, `encoding: "base64"`, `content`; a missing path answers 404
 * - List app installations for an organization, GET /orgs/{org}/installations (docs.github.com/rest/orgs/orgs):
 *   `{ total_count, installations: [...] }`
 * - Using pagination in the REST API: pages by `page`/`per_page`, the `Link` header names rel="next"/"last"
 * - Troubleshooting / rate limits: 403 or 429 with `x-ratelimit-remaining: 0` and `x-ratelimit-reset`
 *   (epoch seconds), or with `retry-after` (seconds)
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the connector made. */
export interface GithubCall {
  path: string;
  query: URLSearchParams;
  authorization?: string;
  apiVersion?: string;
}

/** A canned answer for requests whose path starts with `prefix`, used `times` times. */
interface Override {
  prefix: string;
  status: number;
  body: unknown;
  headers: Record<string, string>;
  times: number;
}

/** What the fake organization holds. */
export interface FakeGithubData {
  org: string;
  token: string;
  repos: Record<string, unknown>[];
  /** full_name → microapp.yaml text. */
  manifests?: Record<string, string>;
  installations?: Record<string, unknown>[];
}

let repoSerial = 1296269;

/** A repository as the org listing shows it, with the fields GitHub's example carries that the connector reads. */
export function fakeRepo(org: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: repoSerial++,
    name,
    full_name: `${org}/${name}`,
    private: true,
    owner: { login: org, type: 'Organization' },
    html_url: `https://github.com/${org}/${name}`,
    topics: [],
    size: 108,
    created_at: '2011-01-26T19:01:12Z',
    updated_at: '2011-01-26T19:14:43Z',
    pushed_at: '2011-01-26T19:06:43Z',
    ...extra,
  };
}

/** Starts the fake; its `url` goes in GITHUB_API_URL. */
export async function startFakeGithub(data: FakeGithubData) {
  const calls: GithubCall[] = [];
  const overrides: Override[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    calls.push({
      path: url.pathname,
      query: url.searchParams,
      authorization: req.headers.authorization,
      apiVersion: req.headers['x-github-api-version'] as string | undefined,
    });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res
        .writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers })
        .end(JSON.stringify(body));
    const override = overrides.find((o) => o.times > 0 && url.pathname.startsWith(o.prefix));
    if (override) {
      override.times -= 1;
      send(override.status, override.body, override.headers);
      return;
    }
    if (req.headers.authorization !== `Bearer ${data.token}`) {
      send(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
      return;
    }
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const paged = (list: unknown[]) => {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const last = Math.max(1, Math.ceil(list.length / perPage));
      const link = (p: number) => {
        const to = new URL(url.pathname + url.search, base);
        to.searchParams.set('page', String(p));
        return to.toString();
      };
      const rels = [
        ...(page < last ? [`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`] : []),
        ...(page > 1 ? [`<${link(page - 1)}>; rel="prev"`, `<${link(1)}>; rel="first"`] : []),
      ];
      return {
        slice: list.slice((page - 1) * perPage, page * perPage),
        headers: (rels.length > 0 ? { link: rels.join(', ') } : {}) as Record<string, string>,
      };
    };
    if (url.pathname === `/orgs/${data.org}/repos`) {
      const { slice, headers } = paged(data.repos);
      send(200, slice, headers);
      return;
    }
    if (url.pathname === `/orgs/${data.org}/installations`) {
      const all = data.installations ?? [];
      const { slice, headers } = paged(all);
      send(200, { total_count: all.length, installations: slice }, headers);
      return;
    }
    const content = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.+)$/.exec(url.pathname);
    if (content) {
      const fullName = `${decodeURIComponent(content[1]!)}/${decodeURIComponent(content[2]!)}`;
      const text = content[3] === 'microapp.yaml' ? data.manifests?.[fullName] : undefined;
      if (text === undefined) {
        send(404, {
          message: 'Not Found',
          documentation_url: 'https://docs.github.com/rest/repos/contents#get-repository-content',
          status: '404',
        });
        return;
      }
      send(200, {
        type: 'file',
        encoding: 'base64',
        size: Buffer.byteLength(text),
        name: 'microapp.yaml',
        path: 'microapp.yaml',
        content: Buffer.from(text)
          .toString('base64')
          .replace(/(.{60})/g, '$1\n'),
        html_url: `https://github.com/${fullName}/blob/main/microapp.yaml`,
      });
      return;
    }
    send(404, { message: 'Not Found', status: '404' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    /** The next `times` requests whose path starts with `prefix` get this answer instead. */
    fail(prefix: string, status: number, body: unknown, headers: Record<string, string> = {}, times = 1) {
      overrides.push({ prefix, status, body, headers, times });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The fake's handle. */
export type FakeGithub = Awaited<ReturnType<typeof startFakeGithub>>;
