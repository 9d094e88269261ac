import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { entraGroupDirectory } from '../../adapters/microsoft-graph/entra-group-directory';
import { createGraphClient } from '../../adapters/microsoft-graph/graph-client';
import type { GraphConfig } from '../../src/config/config';
import { parseGroupEntry } from '../../src/domain/role-group';
import { GroupDirectoryError } from '../../src/ports/group-directory';
import type { FakeGraph } from '../support/fake-graph';
import { GRAPH_APP, startFakeGraph } from '../support/fake-graph';

const GROUP = parseGroupEntry('entra-group:AAAAAAAA-0000-4000-8000-000000000001')!;
let graph: FakeGraph;
let config: GraphConfig;
beforeEach(async () => {
  graph = await startFakeGraph();
  config = { ...GRAPH_APP, apiUrl: graph.url, loginUrl: graph.url };
});
afterEach(() => graph.close());

/** A client whose waits are recorded instead of slept. */
function client(over: Partial<GraphConfig> = {}, options: { now?: () => number } = {}) {
  const waits: number[] = [];
  const c = createGraphClient(
    { ...config, ...over },
    {
      ...options,
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
  );
  return { directory: entraGroupDirectory(c), waits };
}

const failure = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GroupDirectoryError);
  return error as GroupDirectoryError;
};

test('every user of the group across pages becomes a Teams ref with name and email (mail, else the user principal name)', async () => {
  const { directory } = client();
  expect(await directory.members(GROUP)).toEqual([
    { ref: 'teams:a1b2c3d4-0000-4000-8000-00000000000a', email: 'rae@example.com', displayName: 'Rae Reviewer' },
    { ref: 'teams:a1b2c3d4-0000-4000-8000-00000000000b', email: 'tom@example.com', displayName: 'Tom Teams' },
    { ref: 'teams:a1b2c3d4-0000-4000-8000-00000000000c', email: 'una@example.com', displayName: 'Una Nested' },
  ]);
  const reads = graph.requests.filter((r) => r.path.startsWith('/v1.0/'));
  expect(reads.map((r) => r.path)).toEqual([
    '/v1.0/groups/aaaaaaaa-0000-4000-8000-000000000001/transitiveMembers/microsoft.graph.user?$select=id,displayName,mail,userPrincipalName',
    expect.stringMatching(/skiptoken=2$/),
  ]);
  expect(reads.every((r) => r.auth === 'Bearer fake-graph-token-1')).toBe(true);
});

test('the token is fetched once and reused until five minutes before it expires', async () => {
  let now = 1_000_000;
  const { directory } = client({}, { now: () => now });
  await directory.members(GROUP);
  await directory.members(GROUP);
  expect(graph.tokenRequests()).toBe(1);
  now += 3599_000 - 5 * 60_000 + 1;
  await directory.members(GROUP);
  expect(graph.tokenRequests()).toBe(2);
});

test('a 429 is retried after its Retry-After, a few times, then reported as unavailable', async () => {
  const { directory, waits } = client();
  graph.throttle(2, '3');
  expect(await directory.members(GROUP)).toHaveLength(3);
  expect(waits).toEqual([3000, 3000]);

  graph.throttle(10, '1');
  const error = await failure(directory.members(GROUP));
  expect(waits).toHaveLength(5);
  expect(error.code).toBe('group.unavailable');
  expect(error.message).toMatch(/kept answering 429 \(TooManyRequests/);
});

test('a 403 names the application permission to grant', async () => {
  graph.forbid(GROUP.id);
  const error = await failure(client().directory.members(GROUP));
  expect(error.code).toBe('group.missing_permission');
  expect(error.message).toContain('Authorization_RequestDenied');
  expect(error.fix).toMatch(/application permission GroupMember\.Read\.All .*admin consent/);
});

test('an unknown group says where to find the object id', async () => {
  const error = await failure(
    client().directory.members(parseGroupEntry('entra-group:bbbbbbbb-0000-4000-8000-000000000009')!),
  );
  expect(error.code).toBe('group.unknown');
  expect(error.fix).toContain('Object ID');
});

test('a wrong client secret names the settings to check, without the secret', async () => {
  const error = await failure(client({ clientSecret: 'wrong-secret' }).directory.members(GROUP));
  expect(error.message).toContain('invalid_client: AADSTS7000215: Invalid client secret provided.');
  expect(error.message).not.toContain('Trace ID');
  expect(error.fix).toContain('GRAPH_CLIENT_SECRET');
  expect(`${error.message} ${error.fix}`).not.toContain('wrong-secret');
});

test('an unreachable Graph is unavailable, to be tried again', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const error = await failure(client({ loginUrl: `http://127.0.0.1:${port}` }).directory.members(GROUP));
  expect(error.code).toBe('group.unavailable');
  expect(error.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
});

test('a next page on another host is refused, and the token never goes there', async () => {
  const elsewhere = graph.url.replace('127.0.0.1', 'localhost');
  const error = await failure(client({ apiUrl: elsewhere, loginUrl: elsewhere }).directory.members(GROUP));
  expect(error.message).toMatch(/points at another host \(http:\/\/127\.0\.0\.1:\d+\); the token is not sent there/);
  expect(graph.requests.filter((r) => r.path.includes('skiptoken'))).toEqual([]);
});
