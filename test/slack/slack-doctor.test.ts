import { slackConnectionCheck } from '../../adapters/slack/slack-connection-check';
import type { FakeSlack } from '../support/fake-slack';
import { startFakeSlack } from '../support/fake-slack';
import { startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';

const ROUTED = [
  { channel: '#microapp-reviews', tiers: [2] },
  { channel: '#microapp-security-reviews', tiers: [3] },
];

let slack: FakeSlack;
beforeEach(async () => {
  slack = await startFakeSlack();
});
afterEach(() => slack.close());

const check = () =>
  slackConnectionCheck(
    { botToken: 'xoxb-test-token', signingSecret: '0123456789abcdef', apiUrl: slack.url },
    { timeoutMs: 2000 },
  );

test('a working token in every routed channel: no findings, after auth.test and one conversations.list', async () => {
  expect(await check().check(ROUTED)).toEqual([]);
  expect(slack.calls.map((c) => c.method)).toEqual(['auth.test', 'conversations.list']);
  expect(slack.callsTo('conversations.list')[0]!.args).toMatchObject({ types: 'public_channel,private_channel' });
});

test('a channel the bot is not in, an archived one and a missing one are findings naming the channel and the fix', async () => {
  slack.removeBotFrom('#microapp-security-reviews');
  slack.archive('#work');
  const findings = await check().check([
    ...ROUTED,
    { channel: '#work', tiers: [2] },
    { channel: '#finance-reviews', tiers: [2, 3] },
  ]);
  expect(findings).toEqual([
    {
      check: 'slack',
      subject: 'slack #microapp-security-reviews',
      problem:
        'The bot is not a member of Slack "#microapp-security-reviews", so the tier 3 approval cards sent there cannot be posted.',
      fix: 'Type "/invite @microapp" in #microapp-security-reviews.',
    },
    expect.objectContaining({ subject: 'slack #work', problem: expect.stringContaining('is archived') }),
    expect.objectContaining({
      subject: 'slack #finance-reviews',
      problem: expect.stringContaining('the bot sees no such channel'),
      fix: expect.stringContaining('correct the channel in routing in policy.yaml'),
    }),
  ]);
});

test('a revoked token is one finding with the fix, and nothing else is asked', async () => {
  slack.fail('auth.test', { ok: false, error: 'token_revoked' });
  const findings = await check().check(ROUTED);
  expect(findings).toEqual([
    expect.objectContaining({
      check: 'slack',
      subject: 'SLACK_BOT_TOKEN',
      problem: 'Slack refused SLACK_BOT_TOKEN (token_revoked).',
    }),
  ]);
  expect(findings[0]!.fix.length).toBeGreaterThan(20);
  expect(slack.callsTo('conversations.list')).toEqual([]);
});

test('a token without the channel scopes is named by the scope it lacks', async () => {
  slack.fail('conversations.list', {
    ok: false,
    error: 'missing_scope',
    needed: 'channels:read',
    provided: 'chat:write',
  });
  expect(await check().check(ROUTED)).toEqual([
    expect.objectContaining({
      subject: 'channels',
      problem: 'The bot token lacks the scope channels:read conversations.list needs.',
    }),
  ]);
});

test('an API address that does not answer is a finding about SLACK_API_URL', async () => {
  await slack.close();
  const findings = await check().check(ROUTED);
  expect(findings).toEqual([
    expect.objectContaining({
      subject: 'SLACK_BOT_TOKEN',
      problem: expect.stringMatching(/^Slack's Web API at http:\/\/127\.0\.0\.1:\d+\/api\/ could not be reached/),
    }),
  ]);
  slack = await startFakeSlack();
});

test('the bot logs the doctor once at start-up, after it listens: one info line when clean', async () => {
  const h = await startSlackHarness();
  try {
    await waitFor(() => h.logs.some((l) => l.includes('microapp doctor: no findings.')));
    const lines = h.logs.map((l) => JSON.parse(l) as { level: string; msg: string });
    const running = lines.findIndex((l) => l.msg === 'microapp-bot is running');
    const doctor = lines.flatMap((l, i) => (l.msg.includes('doctor') ? [{ ...l, i }] : []));
    expect(doctor.map(({ level, msg }) => ({ level, msg }))).toEqual([
      { level: 'info', msg: 'microapp doctor: no findings.' },
    ]);
    expect(doctor[0]!.i).toBeGreaterThan(running);
  } finally {
    await h.close();
  }
});
