import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { killBotProcesses, runBotUntilExit } from '../support/bot-process';
import type { FakeSlack } from '../support/fake-slack';
import { startFakeSlack } from '../support/fake-slack';
import { DIALECTS, createTestDatabase } from '../support/test-databases';
import type { TestDatabase } from '../support/test-databases';
import { POLICY_DIR } from '../support/test-policy';

jest.setTimeout(60_000);

let slack: FakeSlack;
let db: TestDatabase;
let sqliteUrl: string;

beforeAll(async () => {
  slack = await startFakeSlack();
  db = await createTestDatabase('sqlite');
  sqliteUrl = db.target.kind === 'sqlite' ? `sqlite:${db.target.file}` : '';
});

afterAll(async () => {
  await killBotProcesses();
  await slack?.close();
  await db?.drop();
});

const base = () => ({ PORT: '0', POLICY_DIR, DATABASE_URL: sqliteUrl, LOG_LEVEL: 'error' });
const slackEnv = (apiUrl: string) => ({
  SLACK_BOT_TOKEN: 'xoxb-1-test-token',
  SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
  SLACK_API_URL: apiUrl,
});

/** A TCP port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

test('a token Slack refuses stops start-up with exit 2, naming SLACK_BOT_TOKEN and the fix', async () => {
  slack.fail('auth.test', { ok: false, error: 'invalid_auth' }, { times: 10 });
  const run = await runBotUntilExit({ ...base(), ...slackEnv(slack.url) });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /SLACK_BOT_TOKEN was refused by Slack \(invalid_auth\): The bot token is not valid: copy the Bot User OAuth Token into SLACK_BOT_TOKEN and restart\./,
  );
  expect(run.stderr + run.stdout).not.toMatch(/An API error occurred/);
});

test('a revoked token says to reinstall the app', async () => {
  slack.fail('auth.test', { ok: false, error: 'token_revoked' }, { times: 10 });
  const run = await runBotUntilExit({ ...base(), ...slackEnv(slack.url) });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/SLACK_BOT_TOKEN .*token_revoked.*reinstall the app/);
});

test('an unreachable Slack API is reported within 30 s, naming the URL', async () => {
  const url = `http://127.0.0.1:${await closedPort()}/api/`;
  const run = await runBotUntilExit({ ...base(), ...slackEnv(url) });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(`SLACK_API_URL ${url} could not be reached (ECONNREFUSED)`);
  expect(run.elapsedMs).toBeLessThan(30_000);
});

test('a port in use names PORT and the fix', async () => {
  const taken: Server = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const { port } = taken.address() as AddressInfo;
  try {
    const run = await runBotUntilExit({ ...base(), PORT: String(port), HOST: '127.0.0.1' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `PORT ${port} is already in use on 127.0.0.1: stop the other program using it, or set PORT to a free port.`,
    );
  } finally {
    await new Promise((resolve) => taken.close(resolve));
  }
});

test("HOST that is not this machine's address is named", async () => {
  const run = await runBotUntilExit({ ...base(), HOST: '192.0.2.1' });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('HOST 192.0.2.1 is not an address of this machine');
});

test.each([
  [
    'a folder that cannot be created',
    'sqlite:/proc/microapp/m.db',
    /DATABASE_URL: the folder of sqlite:\/proc\/microapp\/m\.db cannot be created/,
  ],
  ['a file that cannot be opened', 'sqlite:/proc/m.db', /DATABASE_URL: sqlite:\/proc\/m\.db cannot be opened/],
])('an SQLite path with %s stops start-up at once with exit 2', async (_what, url, message) => {
  const run = await runBotUntilExit({ ...base(), DATABASE_URL: url }, 15_000);
  expect(run.signal).toBeNull();
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(message);
});

test('an unreachable PostgreSQL is named without its password', async () => {
  const port = await closedPort();
  const run = await runBotUntilExit({
    ...base(),
    DATABASE_URL: `postgres://microapp:s3cret-pass@127.0.0.1:${port}/microapp`,
  });
  expect(run.code).toBe(2);
  expect(run.stderr).toContain(
    `DATABASE_URL: nothing answers at postgres://127.0.0.1:${port}/microapp: start PostgreSQL there, or correct the host and port in DATABASE_URL.`,
  );
  expect(run.stderr + run.stdout).not.toContain('s3cret-pass');
});

const postgresOnly = DIALECTS.includes('postgres') ? test : test.skip;

postgresOnly('a wrong PostgreSQL password says to correct the credentials', async () => {
  const url = new URL(process.env.TEST_POSTGRES_URL!);
  url.password = 'not-the-password';
  const run = await runBotUntilExit({ ...base(), DATABASE_URL: url.toString() });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /DATABASE_URL: postgres:\/\/.* refused the user name or password: correct the credentials in DATABASE_URL/,
  );
});

test('a policy folder that does not load stops start-up with exit 2 and names POLICY_DIR', async () => {
  const run = await runBotUntilExit({ ...base(), POLICY_DIR: '/nonexistent/policies' });
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/policy\.yaml: file is missing/);
  expect(run.stderr).toContain('POLICY_DIR');
});
