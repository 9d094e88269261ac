import type { SlackHarness } from '../support/slack-harness';
import { startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
  const { answer } = await h.register('UOWNER', {
    name: 'Notes tidier',
    purpose: 'Tidies my meeting notes every week.',
    audience: 'personal',
    data: ['internal'],
  });
  expect(answer).toEqual({ kind: 'closed' });
});
afterAll(() => h.close());

/** Runs a slash command and returns what the bot answered through response_url. */
async function reply(user: string, text: string): Promise<string> {
  const before = h.responses().length;
  expect((await h.command(user, text)).status).toBe(200);
  await waitFor(() => h.responses().length > before);
  return h.responses().at(-1)!;
}

/** The blocks of the last reply, as JSON. */
const lastReplyBlocks = () =>
  JSON.stringify(h.slack.calls.filter((c) => c.method.startsWith('/respond/')).at(-1)?.args.blocks);

test('list and status answer the owner in plain words', async () => {
  expect(await reply('UOWNER', 'list')).toMatch(/Your apps:\n• Notes tidier: Approved, tier 1, expires /);
  expect(await reply('UOWNER', 'status notes tidier')).toMatch(/Notes tidier: Approved/);
  expect(lastReplyBlocks()).toMatch(
    /\\"Notes tidier\\" is approved until .*What it does: Tidies my meeting notes every week/,
  );
  expect(await reply('UOWNER', 'status Nothing here')).toMatch(/No app called "Nothing here"/);
  expect(await reply('USTRANGER', 'list')).toMatch(/no registered apps yet/);
});

test('recertify, transfer and decommission run end to end through the core', async () => {
  expect(await reply('UOWNER', 'recertify Notes tidier')).toMatch(/Re-certified "Notes tidier": approved until /);
  expect(await reply('USTRANGER', 'transfer Notes tidier <@UREVIEWER|rae>')).toMatch(/Only the owner or backup owner/);
  expect(await reply('UOWNER', 'transfer Notes tidier <@UREVIEWER|rae>')).toBe(
    '"Notes tidier" now belongs to Rae Reviewer. They have been told.',
  );
  await waitFor(() =>
    h.slack
      .callsTo('chat.postMessage')
      .some(
        (c) =>
          c.args.channel === 'D-UREVIEWER' &&
          /Olivia Owner handed .*Notes tidier.* from Olivia Owner to Rae Reviewer/.test(JSON.stringify(c.args)),
      ),
  );

  const opens = h.slack.callsTo('views.open').length;
  await h.command('UREVIEWER', 'decommission Notes tidier');
  await waitFor(() => h.slack.callsTo('views.open').length > opens);
  const modal = h.slack.callsTo('views.open').at(-1)!.args.view;
  expect(modal.callback_id).toBe('microapp.app.decommission.submit');
  const submit = (plan: boolean, data: boolean) =>
    h.interact({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'UREVIEWER' },
      view: {
        id: 'V9',
        type: 'modal',
        callback_id: modal.callback_id,
        private_metadata: modal.private_metadata,
        state: {
          values: {
            planCarriedOut: {
              planCarriedOut: { type: 'checkboxes', selected_options: plan ? [{ value: 'true' }] : [] },
            },
            dataPurged: { dataPurged: { type: 'checkboxes', selected_options: data ? [{ value: 'true' }] : [] } },
            note: { note: { type: 'plain_text_input', value: 'Sheet deleted' } },
          },
        },
      },
    });
  expect((await submit(true, false)).json()).toEqual({
    response_action: 'errors',
    errors: { dataPurged: expect.stringMatching(/Purge/) },
  });
  expect((await submit(true, true)).text).toBe('');
  await waitFor(() =>
    h.slack
      .callsTo('chat.postMessage')
      .some(
        (c) =>
          c.args.channel === 'D-UREVIEWER' && /Rae Reviewer decommissioned .*Notes tidier/.test(JSON.stringify(c.args)),
      ),
  );
});
