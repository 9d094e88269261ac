import { loadConfig } from '../../src/config/config';
import { AppError } from '../../src/domain/errors';
import { createLogger } from '../../src/log/logger';

test('defaults give the embedded SQLite database on port 3000', () => {
  expect(loadConfig({})).toMatchObject({
    port: 3000,
    database: { kind: 'sqlite', file: './data/microapp.db' },
    logLevel: 'info',
    secrets: [],
  });
});

test('a PostgreSQL URL selects PostgreSQL and its password is kept for redaction', () => {
  const c = loadConfig({ DATABASE_URL: 'postgresql://bot:s%3Dcret@db:5432/microapp' });
  expect(c.database).toEqual({ kind: 'postgres', url: 'postgresql://bot:s%3Dcret@db:5432/microapp' });
  expect(c.secrets).toEqual(['s=cret']);
});

test('every bad variable is listed at once, without echoing the database URL', () => {
  let error: unknown;
  try {
    loadConfig({ PORT: '70000', DATABASE_URL: 'mysql://root:hunter22@db/x', LOG_LEVEL: 'chatty' });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  const problems = (error as AppError).details.problems!;
  expect(problems.map((p) => p.split(' ')[0])).toEqual(['PORT', 'DATABASE_URL', 'LOG_LEVEL']);
  expect(problems.join('\n')).not.toContain('hunter22');
});

test('TIME_ZONE takes an IANA zone name, defaults to UTC, and a wrong one is named with an example', () => {
  expect(loadConfig({}).timeZone).toBe('UTC');
  expect(loadConfig({ TIME_ZONE: 'Europe/Berlin' }).timeZone).toBe('Europe/Berlin');
  let error: unknown;
  try {
    loadConfig({ TIME_ZONE: 'Berlin time' });
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).message).toBe('The configuration has 1 problem.');
  expect((error as AppError).details.problems).toEqual([
    'TIME_ZONE must be an IANA time zone name, like Europe/Berlin or America/New_York (leave it unset for UTC).',
  ]);
});

test('log lines are JSON with level filtering, and secrets never appear', () => {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', secrets: ['hunter22'], write: (l) => lines.push(l) });
  log.debug('hidden');
  log
    .child({ component: 'store' })
    .warn('connect failed', { url: 'postgres://bot:hunter22@db/x', botToken: 'xoxb-abc', error: new Error('timeout') });
  expect(lines).toHaveLength(1);
  const entry = JSON.parse(lines[0]!);
  expect(entry).toMatchObject({
    level: 'warn',
    msg: 'connect failed',
    component: 'store',
    url: 'postgres://bot:[redacted]@db/x',
    botToken: '[redacted]',
    error: { message: 'timeout' },
  });
  expect(lines[0]).not.toContain('hunter22');
});

test('secrets are blanked where they sit, not wherever their text appears', () => {
  const lines: string[] = [];
  const log = createLogger({
    level: 'info',
    secrets: ['postgres', 'a-long-app-password-value'],
    write: (l) => lines.push(l),
  });
  log.error('cannot start', {
    database: 'postgres://postgres:postgres@127.0.0.1:5432/postgres',
    note: 'the postgres user; token xoxb-1234-abcd and xapp-1-A-b; header Bearer abc.def; a-long-app-password-value',
  });
  const entry = JSON.parse(lines[0]!);
  expect(entry.database).toBe('postgres://postgres:[redacted]@127.0.0.1:5432/postgres');
  expect(entry.note).toBe('the postgres user; token [redacted] and [redacted]; header Bearer [redacted]; [redacted]');
});

test('HOST accepts an address or host name of this machine and names a bad one', () => {
  expect(loadConfig({ HOST: '127.0.0.1' }).host).toBe('127.0.0.1');
  expect(loadConfig({ HOST: '::' }).host).toBe('::');
  expect(loadConfig({}).host).toBeUndefined();
  expect(() => loadConfig({ HOST: 'http://x/' })).toThrow(
    expect.objectContaining({
      details: { problems: [expect.stringMatching(/^HOST must be an address of this machine/)] },
    }),
  );
});

test('TRUSTED_PROXY_HOPS counts the proxies in front, 0 by default, and names a bad value', () => {
  expect(loadConfig({}).trustedProxyHops).toBe(0);
  expect(loadConfig({ TRUSTED_PROXY_HOPS: '2' }).trustedProxyHops).toBe(2);
  for (const bad of ['-1', 'yes', '11'])
    expect(() => loadConfig({ TRUSTED_PROXY_HOPS: bad })).toThrow(
      expect.objectContaining({
        details: { problems: [expect.stringMatching(/^TRUSTED_PROXY_HOPS must be how many proxies/)] },
      }),
    );
});

test('an error is logged with its cause, and secrets in the cause are redacted too', () => {
  const lines: string[] = [];
  const log = createLogger({ level: 'info', secrets: ['hunter22'], write: (l) => lines.push(l) });
  log.error('a registration step failed', {
    error: new Error('could not store the app', {
      cause: new Error('connect to postgres://bot:hunter22@db/x refused'),
    }),
  });
  const entry = JSON.parse(lines[0]!);
  expect(entry.error).toEqual({
    name: 'Error',
    message: 'could not store the app',
    cause: { name: 'Error', message: 'connect to postgres://bot:[redacted]@db/x refused' },
  });
});

test('Microsoft Graph takes its three credentials together or none, with its addresses defaulted and the secret redacted', () => {
  const graph = {
    GRAPH_TENANT_ID: '11111111-2222-4333-8444-555555555555',
    GRAPH_CLIENT_ID: '66666666-7777-4888-9999-000000000000',
    GRAPH_CLIENT_SECRET: 'graph-secret-value',
  };
  expect(loadConfig({}).graph).toBeUndefined();
  expect(loadConfig({}).roleGroupsRefreshHours).toBe(6);
  const c = loadConfig({ ...graph, GRAPH_API_URL: 'https://graph.microsoft.us/', ROLE_GROUPS_REFRESH_HOURS: '12' });
  expect(c.graph).toEqual({
    tenantId: graph.GRAPH_TENANT_ID,
    clientId: graph.GRAPH_CLIENT_ID,
    clientSecret: 'graph-secret-value',
    apiUrl: 'https://graph.microsoft.us',
    loginUrl: 'https://login.microsoftonline.com',
  });
  expect(c.roleGroupsRefreshHours).toBe(12);
  expect(c.secrets).toContain('graph-secret-value');
  expect(() =>
    loadConfig({ GRAPH_TENANT_ID: graph.GRAPH_TENANT_ID, GRAPH_CLIENT_ID: 'app', ROLE_GROUPS_REFRESH_HOURS: '0' }),
  ).toThrow(
    expect.objectContaining({
      details: {
        problems: [
          expect.stringMatching(/^GRAPH_CLIENT_ID must be the Application \(client\) ID/),
          'ROLE_GROUPS_REFRESH_HOURS must be a whole number of hours from 1 to 168, like 6.',
          expect.stringMatching(
            /^GRAPH_CLIENT_SECRET is needed too: Microsoft Graph needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET together/,
          ),
        ],
      },
    }),
  );
});
