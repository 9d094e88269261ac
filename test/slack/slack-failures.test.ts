import type { SlackHarness } from '../support/slack-harness';
import { registrationSubmission, startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness({ slackRetries: 2 });
});
afterAll(() => h.close());

const team = { purpose: 'Routes the support inbox to the right person.', owner: 'slack:UOWNER', backupOwner: 'slack:UPLATFORM', businessUnit: 'Support', audience: 'team', expectedUsers: 12, dataClassification: 'internal', decommissionPlan: 'Turn the rule off and delete the sheet.', controls: ['logging', 'rollback'] };
const postsTo = (channel: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel);

test('a rate-limited post is retried after Retry-After and lands', async () => {
  h.slack.fail('chat.postMessage', { ok: false, error: 'ratelimited' }, { status: 429, headers: { 'retry-after': '1' } });
  expect((await h.interact(registrationSubmission('UOWNER', { ...team, name: 'Rate limited app' }))).text).toBe('');
  await waitFor(() => postsTo('#microapp-reviews').some((c) => JSON.stringify(c.args).includes('Rate limited app')), 8000);
  expect(h.logs.join('\n')).not.toMatch(/could not post the approval card/);
});

test('a channel the bot cannot post in is logged with the fix and not retried; the registration stands', async () => {
  h.slack.fail('chat.postMessage', { ok: false, error: 'not_in_channel' }, { times: 5 });
  const before = postsTo('#microapp-reviews').length;
  const r = await h.interact(registrationSubmission('UOWNER', { ...team, name: 'Lonely app' }));
  expect(r.text).toBe('');
  await waitFor(() => h.logs.some((l) => l.includes('could not post the approval card')));
  const line = JSON.parse(h.logs.find((l) => l.includes('could not post the approval card'))!);
  expect(line).toMatchObject({ level: 'error', app: 'Lonely app', channel: '#microapp-reviews', fix: expect.stringMatching(/invite the bot/i) });
  expect(postsTo('#microapp-reviews').length - before).toBe(1);
  await waitFor(() => postsTo('D-UADMIN').length === 1);
  expect(JSON.stringify(postsTo('D-UADMIN')[0]!.args)).toMatch(/could not post the approval card in #microapp-reviews: .*not_in_channel.*Invite the bot/);

  await h.interact(registrationSubmission('UOWNER', { ...team, name: 'Second lonely app' }));
  await waitFor(() => h.logs.filter((l) => l.includes('could not post the approval card')).length === 2);
  expect(postsTo('D-UADMIN')).toHaveLength(1);
});
