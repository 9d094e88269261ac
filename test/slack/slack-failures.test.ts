import { CHANNELS } from '../support/fake-slack';
import type { SlackHarness } from '../support/slack-harness';
import type { Fill } from '../support/slack-harness';
import { buttonClick, startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(() => h.close());

const team: Record<string, Fill> = {
  purpose: 'Routes the support inbox to the right person.',
  backupOwner: 'UPLATFORM',
  businessUnit: 'Support',
  audience: 'team',
  expectedUsers: 12,
  data: ['internal'],
  decommissionPlan: 'Turn the rule off and delete the sheet.',
  controls: ['logging', 'rollback'],
};
/** Registers through the form; the owner is whoever fills it in. */
const register = async (user: string, answers: Record<string, Fill>) => (await h.register(user, answers)).answer;
const reviews = CHANNELS['microapp-reviews']!;
const postsTo = (channel: string, name?: string) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === channel && (!name || JSON.stringify(c.args).includes(name)));

test('a rate-limited card post waits for Retry-After, then lands once; the owner is not held up', async () => {
  h.slack.failChannel(reviews, { status: 429, ms: 900, headers: { 'retry-after': '1' } });
  const startedAt = Date.now();
  expect(await register('UOWNER', { ...team, name: 'Rate limited app' })).toEqual({ kind: 'closed' });
  await waitFor(() => postsTo('D-UOWNER', 'Rate limited app').length === 1, 3000);
  await waitFor(() => h.slack.messagesIn(reviews).some((m) => String(m.text).includes('Rate limited app')), 8000);
  expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
  expect(h.slack.messagesIn(reviews).filter((m) => String(m.text).includes('Rate limited app'))).toHaveLength(1);
  expect(h.logs.join('\n')).not.toMatch(/"could not post the approval card"/);
});

test('a channel the bot cannot post in is undeliverable with its fix, not retried, and admins hear once an hour', async () => {
  h.slack.failChannel(reviews, { error: 'not_in_channel', ms: 1500 });
  const before = postsTo(reviews).length;
  expect(await register('USTRANGER', { ...team, name: 'Lonely app' })).toEqual({ kind: 'closed' });
  const failures = () => h.logs.filter((l) => l.includes('"could not post the approval card"'));
  await waitFor(() => failures().length === 1);
  const line = JSON.parse(failures()[0]!);
  expect(line).toMatchObject({ level: 'error', code: 'not_in_channel', fix: expect.stringMatching(/invite the bot/i) });
  await waitFor(() => postsTo('D-UADMIN').length === 1);
  expect(JSON.stringify(postsTo('D-UADMIN')[0]!.args)).toMatch(
    /could not post the approval card in #microapp-reviews \(not_in_channel\).*Invite the bot/,
  );
  expect(postsTo(reviews).length - before).toBe(1);

  h.slack.failChannel(reviews, { error: 'not_in_channel', ms: 1500 });
  expect(await register('USTRANGER', { ...team, name: 'Second lonely app' })).toEqual({ kind: 'closed' });
  await waitFor(() => failures().length === 2, 4000);
  await new Promise((r) => setTimeout(r, 300));
  expect(postsTo('D-UADMIN')).toHaveLength(1);
});

test('with one reviewer channel answering 503, an Approve in another channel is decided at once and its card updates at once', async () => {
  const security = CHANNELS['microapp-security-reviews']!;
  h.slack.failChannel(reviews, { ms: 0 });
  h.slack.failChannel(security, { status: 503, ms: 60_000 });
  const tier3 = {
    ...team,
    audience: 'organization',
    expectedUsers: 300,
    data: ['customer'],
    systems: ['salesforce'],
    'system.salesforce': 'read',
    retentionDays: 90,
    healthEndpoint: 'https://x.example.com/health',
    backupOwner: 'UREVIEWER',
    controls: ['incidentContact', 'encryption', 'dlp', 'logging', 'rollback'],
  };
  for (let i = 0; i < 8; i++)
    expect(await register('UOWNER', { ...tier3, name: `Stuck card ${i}` })).toEqual({ kind: 'closed' });
  expect(await register('UOWNER', { ...team, name: 'Flowing card' })).toEqual({ kind: 'closed' });
  await waitFor(() => h.slack.messagesIn(reviews).some((m) => String(m.text).includes('Flowing card')), 5000);
  const card = h.slack
    .callsTo('chat.postMessage')
    .find((c) => c.args.channel === reviews && JSON.stringify(c.args).includes('Flowing card'))!;
  const approve = (card.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
    .flatMap((b) => b.elements ?? [])
    .find((e) => e.action_id === 'microapp.review.approve')!;

  const clickedAt = Date.now();
  const ack = await h.interact(buttonClick('UREVIEWER', approve.action_id, approve.value, reviews));
  expect(ack.status).toBe(200);
  const decidedWithinMs = Date.now() - clickedAt;
  await waitFor(
    () =>
      h.slack
        .callsTo('chat.update')
        .some(
          (c) =>
            JSON.stringify(c.args).includes('Flowing card') &&
            JSON.stringify(c.args).includes('Approved by Rae Reviewer'),
        ),
    3000,
  );
  const updatedWithinMs = Date.now() - clickedAt;
  expect(decidedWithinMs).toBeLessThan(1000);
  expect(updatedWithinMs).toBeLessThan(1500);
  expect(h.slack.messagesIn(security).filter((m) => String(m.text).includes('Stuck card'))).toHaveLength(0);
});
