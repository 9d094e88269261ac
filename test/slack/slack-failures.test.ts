import { CHANNELS } from '../support/fake-slack';
import type { SlackHarness } from '../support/slack-harness';
import { registrationSubmission, startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(() => h.close());

const team = { purpose: 'Routes the support inbox to the right person.', owner: 'slack:UOWNER', backupOwner: 'slack:UPLATFORM', businessUnit: 'Support', audience: 'team', expectedUsers: 12, dataClassification: 'internal', decommissionPlan: 'Turn the rule off and delete the sheet.', controls: ['logging', 'rollback'] };
const reviews = CHANNELS['microapp-reviews']!;
const postsTo = (channel: string, name?: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && (!name || JSON.stringify(c.args).includes(name)));

test('a rate-limited card post waits for Retry-After, then lands once; the owner is not held up', async () => {
  h.slack.failChannel(reviews, { status: 429, ms: 900, headers: { 'retry-after': '1' } });
  const startedAt = Date.now();
  expect((await h.interact(registrationSubmission('UOWNER', { ...team, name: 'Rate limited app' }))).text).toBe('');
  await waitFor(() => postsTo('D-UOWNER', 'Rate limited app').length === 1, 3000);
  await waitFor(() => h.slack.messagesIn(reviews).some((m) => String(m.text).includes('Rate limited app')), 8000);
  expect(Date.now() - startedAt).toBeGreaterThanOrEqual(1000);
  expect(h.slack.messagesIn(reviews).filter((m) => String(m.text).includes('Rate limited app'))).toHaveLength(1);
  expect(h.logs.join('\n')).not.toMatch(/"could not post the approval card"/);
});

test('a channel the bot cannot post in is undeliverable with its fix, not retried, and admins hear once an hour', async () => {
  h.slack.failChannel(reviews, { error: 'not_in_channel', ms: 1500 });
  const before = postsTo(reviews).length;
  const r = await h.interact(registrationSubmission('USTRANGER', { ...team, owner: 'slack:USTRANGER', name: 'Lonely app' }));
  expect(r.text).toBe('');
  const failures = () => h.logs.filter((l) => l.includes('"could not post the approval card"'));
  await waitFor(() => failures().length === 1);
  const line = JSON.parse(failures()[0]!);
  expect(line).toMatchObject({ level: 'error', code: 'not_in_channel', fix: expect.stringMatching(/invite the bot/i) });
  await waitFor(() => postsTo('D-UADMIN').length === 1);
  expect(JSON.stringify(postsTo('D-UADMIN')[0]!.args)).toMatch(/could not post the approval card in #microapp-reviews \(not_in_channel\).*Invite the bot/);
  expect(postsTo(reviews).length - before).toBe(1);

  h.slack.failChannel(reviews, { error: 'not_in_channel', ms: 1500 });
  await h.interact(registrationSubmission('USTRANGER', { ...team, owner: 'slack:USTRANGER', name: 'Second lonely app' }));
  await waitFor(() => failures().length === 2, 4000);
  await new Promise((r) => setTimeout(r, 300));
  expect(postsTo('D-UADMIN')).toHaveLength(1);
});
