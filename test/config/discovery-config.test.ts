import { loadConfig } from '../../src/config/config';
import { AppError } from '../../src/domain/errors';

const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof AppError) return e.details.problems ?? [];
    throw e;
  }
  return [];
};

test('discovery sources are off unless their settings are set', () => {
  const c = loadConfig({});
  expect(c.slackAdmin).toBeUndefined();
  expect(c.github).toBeUndefined();
});

test('SLACK_ADMIN_TOKEN turns Slack discovery on, shares SLACK_API_URL, needs no bot token, and is redacted', () => {
  const c = loadConfig({ SLACK_ADMIN_TOKEN: 'xoxp-123-456-abc', SLACK_API_URL: 'https://slack-gov.com/api' });
  expect(c.slackAdmin).toEqual({ adminToken: 'xoxp-123-456-abc', apiUrl: 'https://slack-gov.com/api/' });
  expect(c.slack).toBeUndefined();
  expect(c.secrets).toContain('xoxp-123-456-abc');
  expect(problemsOf({ SLACK_ADMIN_TOKEN: 'xoxb-123-bot' })).toEqual([
    'SLACK_ADMIN_TOKEN must be the User OAuth Token (starting xoxp-) of the app an org owner or admin installed on the whole org.',
  ]);
});

test('GITHUB_TOKEN and GITHUB_ORG come together, the API URL defaults to api.github.com, and the token is redacted', () => {
  const token = 'github_pat_11ABCDEFG0123456789_abcdefghijklmnop';
  const c = loadConfig({ GITHUB_TOKEN: token, GITHUB_ORG: 'acme', GITHUB_TOPIC: 'microapp' });
  expect(c.github).toEqual({ token, org: 'acme', apiUrl: 'https://api.github.com', topic: 'microapp' });
  expect(c.secrets).toContain(token);
  expect(
    loadConfig({ GITHUB_TOKEN: token, GITHUB_ORG: 'acme', GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }).github!
      .apiUrl,
  ).toBe('https://ghe.example.com/api/v3');

  expect(problemsOf({ GITHUB_TOKEN: token })).toEqual([
    'GITHUB_ORG is needed with GITHUB_TOKEN: the organization to scan, like acme (or unset GITHUB_TOKEN to turn GitHub discovery off).',
  ]);
  expect(problemsOf({ GITHUB_ORG: 'acme' })[0]).toMatch(/^GITHUB_TOKEN is needed with GITHUB_ORG/);
  expect(problemsOf({ GITHUB_TOPIC: 'microapp' })[0]).toMatch(
    /^GITHUB_TOPIC only counts with GITHUB_TOKEN and GITHUB_ORG/,
  );
  expect(problemsOf({ GITHUB_TOKEN: token, GITHUB_ORG: 'acme corp', GITHUB_TOPIC: 'Micro Apps' })).toEqual([
    "GITHUB_ORG must be the organization's login as in its URL (github.com/<org>), like acme.",
    'GITHUB_TOPIC must be a GitHub topic: lowercase letters, digits and hyphens, at most 50, like microapp.',
  ]);
});

test('an API URL a token is sent to must be https, or http on this machine only', () => {
  for (const name of [
    'GITHUB_API_URL',
    'GRAPH_API_URL',
    'MICROSOFT_LOGIN_URL',
    'POWER_PLATFORM_API_URL',
    'SLACK_API_URL',
  ])
    expect(problemsOf({ [name]: 'http://api.example.com/' }).join('\n')).toMatch(
      new RegExp(`^${name} must be an https URL \\(tokens are sent to it\\)`, 'm'),
    );
  expect(
    problemsOf({
      SLACK_ADMIN_TOKEN: 'xoxp-1-2-a',
      SLACK_API_URL: 'http://127.0.0.1:3999/api/',
      GRAPH_API_URL: 'http://localhost:4000',
    }),
  ).toEqual([]);
});

test('POWER_PLATFORM_REFRESH_TOKEN turns the power-platform source on beside the Graph credentials, and is redacted', () => {
  const graph = {
    GRAPH_TENANT_ID: '11111111-2222-4333-8444-555555555555',
    GRAPH_CLIENT_ID: '66666666-7777-4888-9999-000000000000',
    GRAPH_CLIENT_SECRET: 'a-client-secret',
  };
  const refreshToken = '0.AXkA-a-long-refresh-token-from-the-sign-in';
  expect(loadConfig(graph).powerPlatform).toBeUndefined();
  const c = loadConfig({ ...graph, POWER_PLATFORM_REFRESH_TOKEN: refreshToken });
  expect(c.powerPlatform).toEqual({ apiUrl: 'https://api.powerplatform.com', refreshToken });
  expect(c.secrets).toContain(refreshToken);
  expect(
    loadConfig({ ...graph, POWER_PLATFORM_REFRESH_TOKEN: refreshToken, POWER_PLATFORM_API_URL: 'http://127.0.0.1:9/' })
      .powerPlatform!.apiUrl,
  ).toBe('http://127.0.0.1:9');

  expect(problemsOf({ POWER_PLATFORM_REFRESH_TOKEN: refreshToken })).toEqual([
    "POWER_PLATFORM_REFRESH_TOKEN needs GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET too: the sign-in is redeemed with that app registration's client id and secret.",
  ]);
  expect(problemsOf({ ...graph, POWER_PLATFORM_REFRESH_TOKEN: 'paste here' })[0]).toMatch(
    /^POWER_PLATFORM_REFRESH_TOKEN must be the refresh_token of a Power Platform admin's sign-in/,
  );
});
