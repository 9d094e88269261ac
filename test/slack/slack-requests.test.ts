import type { SlackHarness } from '../support/slack-harness';
import { blockKitProblems, startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(() => h.close());

test('the bot checked its token with auth.test when it started', () => {
  expect(h.slack.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
});

test('url_verification is answered with the challenge', async () => {
  const r = await h.send(
    JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' }),
    'application/json',
  );
  expect(r).toMatchObject({ status: 200 });
  expect(r.json()).toEqual({ challenge: 'c-123' });
});

test.each([
  ['a forged signature', { signature: 'v0=' + 'f'.repeat(64) }],
  ['a stale timestamp', { skewSeconds: -6 * 60 }],
  ['a future timestamp', { skewSeconds: 6 * 60 }],
  ['no signature', { signature: '' }],
])('%s is refused with 401 before any handler runs', async (_what, options) => {
  const before = h.slack.calls.length;
  const body = new URLSearchParams({
    command: '/microapp',
    text: 'register',
    user_id: 'UOWNER',
    team_id: 'T1',
    trigger_id: 't',
  }).toString();
  const r = await h.send(body, 'application/x-www-form-urlencoded', options);
  expect(r.status).toBe(401);
  expect(h.slack.calls.length).toBe(before);
});

test('a timestamp within five minutes either way is accepted', async () => {
  for (const skewSeconds of [-4 * 60, 4 * 60]) {
    const r = await h.send(JSON.stringify({ type: 'url_verification', challenge: 'ok' }), 'application/json', {
      skewSeconds,
    });
    expect(r.status).toBe(200);
  }
});

test('help, and anything it does not understand, answers with examples', async () => {
  for (const text of ['', 'help', 'frobnicate the widgets']) {
    const r = await h.command('UOWNER', text);
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/microapp register') });
  }
});

test('register opens the first step at once with the trigger id: at most eight questions, within Slack limits', async () => {
  const before = h.slack.callsTo('views.open').length;
  const r = await h.command('UOWNER', 'register');
  expect(r.status).toBe(200);
  await waitFor(() => h.slack.callsTo('views.open').length > before);
  const call = h.slack.callsTo('views.open')[before]!;
  expect(call.args.trigger_id).toMatch(/^trigger-/);
  const view = call.args.view;
  expect(view).toMatchObject({
    type: 'modal',
    callback_id: 'microapp.register.submit',
    title: { text: 'Register a micro app' },
    submit: { text: 'Next' },
  });
  expect(blockKitProblems(view, 100)).toEqual([]);
  const inputs = view.blocks
    .filter((b: { type: string }) => b.type === 'input')
    .map((b: { block_id: string }) => b.block_id);
  expect(inputs).toEqual([
    'name',
    'purpose',
    'audience',
    'expectedUsers',
    'data',
    'systems',
    'activities',
    'builtWith',
  ]);
  expect(inputs.length).toBeLessThanOrEqual(8);
});

test('a redelivered event is handled once', async () => {
  const event = { type: 'app_home_opened', user: 'UOWNER', channel: 'D1', tab: 'home' };
  const before = h.slack.callsTo('views.publish').length;
  expect((await h.event(event, 'Ev-home-1')).status).toBe(200);
  expect(
    (await h.event(event, 'Ev-home-1', { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).status,
  ).toBe(200);
  await waitFor(() => h.slack.callsTo('views.publish').length > before);
  await new Promise((r) => setTimeout(r, 100));
  const published = h.slack.callsTo('views.publish').slice(before);
  expect(published).toHaveLength(1);
  expect(published[0]!.args).toMatchObject({ user_id: 'UOWNER', view: { type: 'home' } });
  expect(JSON.stringify(published[0]!.args.view)).toContain('Register a micro app');
});

test('a body over 1 MB is refused with 413 before anything reads it', async () => {
  const r = await h.send(`payload=${'x'.repeat(1_100_000)}`, 'application/x-www-form-urlencoded');
  expect(r.status).toBe(413);
  expect((await h.command('UOWNER', 'help')).status).toBe(200);
});
