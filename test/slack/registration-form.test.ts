import { CHANNELS } from '../support/fake-slack';
import type { SlackCall } from '../support/fake-slack';
import type { SlackHarness, SlackView } from '../support/slack-harness';
import { blockKitProblems, buttonClick, startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(() => h.close());

const json = (x: unknown) => JSON.stringify(x);
const dmsTo = (user: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D-${user}`);
const cardPosts = (name: string, channel?: string) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter(
      (c) =>
        (channel ? c.args.channel === channel : Object.values(CHANNELS).includes(String(c.args.channel))) &&
        json(c.args).includes(`Review: ${name}`),
    );
const buttonsIn = (call: SlackCall) =>
  (call.args.blocks as SlackView[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as { action_id: string; value: string }[]);
const inputsOf = (view: SlackView) => (view.blocks as SlackView[]).filter((b) => b.type === 'input');
const hintOf = (view: SlackView, id: string) =>
  inputsOf(view).find((b) => b.block_id === id)?.hint?.text as string | undefined;

/** A slash command answered through response_url: the text and blocks of the reply. */
async function reply(user: string, text: string): Promise<{ text: string; all: string }> {
  const replies = () => h.slack.calls.filter((c) => c.method.startsWith('/respond/'));
  const before = replies().length;
  expect((await h.command(user, text)).status).toBe(200);
  await waitFor(() => replies().length > before);
  const last = replies().at(-1)!.args;
  return { text: String(last.text), all: json(last) };
}

test('a personal tool on public data with no systems takes one step: the modal closes, it is approved and the risk summary is sent', async () => {
  const before = dmsTo('UOWNER').length;
  const form = await h.openForm('UOWNER');
  expect(
    await form.submit({
      name: 'Lunch picker',
      purpose: 'Picks a place for lunch from a public list.',
      audience: 'personal',
      data: ['public'],
    }),
  ).toEqual({ kind: 'closed' });
  await waitFor(
    () =>
      dmsTo('UOWNER')
        .slice(before)
        .some((c) => json(c.args).includes('Risk assessment: Lunch picker')),
    10_000,
  );
  expect(json(dmsTo('UOWNER').slice(before))).toContain('Approved: you can use it now');
  expect((await reply('UOWNER', 'status Lunch picker')).text).toMatch(/Lunch picker: Approved/);
  expect(cardPosts('Lunch picker')).toHaveLength(0);
});

test("App Home's Register button opens the same first step", async () => {
  const click = {
    ...buttonClick('UOWNER', 'microapp.register.open', 'register'),
    channel: undefined,
    container: { type: 'view', view_id: 'VHOME' },
    view: { id: 'VHOME', type: 'home' },
  };
  expect((await h.interact(click)).status).toBe(200);
  await waitFor(() => h.slack.callsTo('views.open').some((c) => c.args.trigger_id === click.trigger_id));
  const view = h.slack.callsTo('views.open').find((c) => c.args.trigger_id === click.trigger_id)!.args.view;
  expect(view).toMatchObject({
    callback_id: 'microapp.register.submit',
    title: { text: 'Register a micro app' },
    submit: { text: 'Next' },
  });
  expect(inputsOf(view)).toHaveLength(8);
});

test('a team tool reading Salesforce with a key: the second step says where it is heading and asks what its tier needs; then it is routed and the card shows the key', async () => {
  const form = await h.openForm('UOWNER');
  const first = await form.submit({
    name: 'Renewal radar',
    purpose: 'Lists the renewals due this month for my team.',
    audience: 'team',
    expectedUsers: 8,
    data: ['internal'],
    systems: ['salesforce'],
  });
  expect(first.kind).toBe('update');
  const step2 = form.view;
  expect(step2).toMatchObject({ callback_id: 'microapp.register.submit', submit: { text: 'Submit' } });
  expect(json(step2.blocks)).toMatch(
    /heading for Tier 3 \(high risk\): it waits for 1 security approval and 1 platform approval/,
  );
  expect(form.inputs()).toEqual(
    expect.arrayContaining([
      'system.salesforce',
      'dataClassification',
      'backupOwner',
      'decommissionPlan',
      'healthEndpoint',
      'controls',
      'owner',
    ]),
  );
  expect(form.inputs()).not.toContain('name');
  expect(form.input('owner').element).toMatchObject({ type: 'users_select', initial_user: 'UOWNER' });
  expect(form.input('system.salesforce').element).toMatchObject({ type: 'radio_buttons' });
  expect(form.input('system.salesforce').element.initial_option).toBeUndefined();
  expect(form.input('dataClassification').element.initial_option.value).toBe('internal');
  expect(form.input('controls').optional).toBe(false);
  expect(form.input('controls').element.options.map((o: SlackView) => o.value)).toContain('vaultSecrets');

  // Declaring the key and ticking the vault happen in the same pass: no extra screen.
  expect(
    await form.submit({
      'system.salesforce': 'read_key',
      backupOwner: 'UPLATFORM',
      decommissionPlan: 'Export the list to the team drive and switch the flow off.',
      healthEndpoint: 'https://radar.example.com/health',
      controls: ['incidentContact', 'encryption', 'dlp', 'logging', 'rollback', 'vaultSecrets'],
    }),
  ).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('Renewal radar').length === 1);
  const card = cardPosts('Renewal radar')[0]!;
  expect(card.args.channel).toBe(CHANNELS['microapp-security-reviews']);
  expect(json(card.args.blocks)).toContain('Salesforce: reads only, with a key');
});

test('an answer that raises what is needed brings the step back with the new questions flagged and nothing typed lost', async () => {
  const form = await h.openForm('UOWNER');
  expect(
    (
      await form.submit({
        name: 'Budget sheet sync',
        purpose: 'Copies my budget lines into a Google Sheet.',
        audience: 'personal',
        data: ['internal'],
        systems: ['google-sheets'],
      })
    ).kind,
  ).toBe('update');
  expect(json(form.view.blocks)).toContain('heading for Tier 1 (low risk): it is approved as soon as you submit');
  expect(form.inputs()).not.toContain('backupOwner');

  const again = await form.submit({
    'system.google-sheets': 'read_key',
    businessUnit: 'Finance',
    thirdPartyLibraries: 'gspread@6.1.2',
  });
  expect(again.kind).toBe('update');
  expect(form.inputs()).toEqual(expect.arrayContaining(['backupOwner', 'decommissionPlan', 'controls']));
  for (const id of ['backupOwner', 'decommissionPlan', 'controls'])
    expect([id, hintOf(form.view, id)]).toEqual([id, expect.stringMatching(/^⚠ Now needed/)]);
  expect(form.input('system.google-sheets').element.initial_option.value).toBe('read_key');
  expect(form.input('businessUnit').element.initial_value).toBe('Finance');
  expect(form.input('thirdPartyLibraries').element.initial_value).toBe('gspread@6.1.2');
  expect(form.input('controls').element.options.map((o: SlackView) => o.value)).toEqual(
    expect.arrayContaining(['logging', 'rollback', 'vaultSecrets']),
  );

  expect(
    await form.submit({
      backupOwner: 'UPLATFORM',
      decommissionPlan: 'Delete the sheet and revoke the key.',
      controls: ['logging', 'rollback', 'vaultSecrets'],
    }),
  ).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('Budget sheet sync').length === 1);
  expect(cardPosts('Budget sheet sync')[0]!.args.channel).toBe(CHANNELS['microapp-reviews']);
  expect(json(cardPosts('Budget sheet sync')[0]!.args.blocks)).toContain('Google Sheets: reads only, with a key');
});

test('a prohibited use is refused in one step: stored as not allowed, and the owner is told who to talk to', async () => {
  const before = dmsTo('UOWNER').length;
  const { answer } = await h.register('UOWNER', {
    name: 'Auto payer',
    purpose: 'Pays supplier invoices as soon as they arrive.',
    audience: 'personal',
    data: ['financial'],
    activities: ['financialTransactions'],
  });
  expect(answer).toEqual({ kind: 'closed' });
  await waitFor(
    () =>
      dmsTo('UOWNER')
        .slice(before)
        .some((c) => json(c.args).includes('Auto payer')),
    10_000,
  );
  const dm = json(
    dmsTo('UOWNER')
      .slice(before)
      .filter((c) => json(c.args).includes('Auto payer')),
  );
  expect(dm).toContain('This app moves money on its own');
  expect(dm).toContain('the AI governance board (#ai-governance)');
  expect((await reply('UOWNER', 'status Auto payer')).text).toMatch(/Auto payer: Not allowed/);
  expect(cardPosts('Auto payer')).toHaveLength(0);
});

test('the AI questions are single ticks read as yes or no: external output with no human check is not allowed', async () => {
  const form = await h.openForm('UOWNER');
  expect(
    (
      await form.submit({
        name: 'Reply drafter',
        purpose: 'Drafts replies to customer emails with AI.',
        audience: 'personal',
        data: ['internal'],
        activities: ['usesAI'],
      })
    ).kind,
  ).toBe('update');
  expect(form.input('aiOutputsExternal').element).toMatchObject({ type: 'checkboxes', options: [{ value: 'true' }] });
  expect(await form.submit({ aiOutputsExternal: true, humanReviewOfOutputs: false })).toEqual({ kind: 'closed' });
  expect((await reply('UOWNER', 'status Reply drafter')).all).toMatch(
    /Reply drafter: Not allowed.*AI-generated content leaves the organisation without a person checking it first/,
  );

  const checked = await h.register('UOWNER', {
    name: 'Reply checker',
    purpose: 'Drafts replies to customer emails for me to check.',
    audience: 'personal',
    data: ['internal'],
    activities: ['usesAI'],
    aiOutputsExternal: true,
    humanReviewOfOutputs: true,
    backupOwner: 'UPLATFORM',
    decommissionPlan: 'Switch the drafts off and delete them.',
    healthEndpoint: 'https://replies.example.com/health',
    controls: ['incidentContact', 'encryption', 'dlp', 'logging', 'rollback'],
  });
  expect(checked.answer).toEqual({ kind: 'closed' });
  expect((await reply('UOWNER', 'status Reply checker')).text).toMatch(/Reply checker: Waiting for review/);
});

test('bad answers come back inline on their inputs, a pasted token is never echoed, and nothing is stored', async () => {
  const token = ['xoxb', '223456789012', '2234567890123', 'ZyXwVuTsRqPoNmLkJiHgFeDc'].join('-');
  const form = await h.openForm('UOWNER');
  // Slack itself will not send a required input empty; the bot checks anyway, whatever the client.
  const answer = await form.submit(
    { name: 'Token keeper', purpose: `Posts reports with ${token} every Monday.`, audience: 'personal', data: [] },
    { unchecked: true },
  );
  expect(answer).toEqual({
    kind: 'errors',
    errors: { data: expect.stringMatching(/Tick at least one/), purpose: expect.stringMatching(/vault/) },
  });
  expect(json(answer)).not.toContain(token);
  expect(h.logs.join('\n')).not.toContain(token);
  expect((await reply('UOWNER', 'status Token keeper')).text).toMatch(/No app called "Token keeper"/);
});

test('first-step answers too long to carry to the second step are sent back to be shortened, with nothing lost', async () => {
  const form = await h.openForm('UOWNER');
  const systems = form
    .input('systems')
    .element.options.map((o: SlackView) => o.value)
    .filter((v: string) => v !== 'other');
  // Quotes and backslashes take two characters each once carried as JSON.
  const purpose = `Syncs "C:\\Finance\\" ${'\\"'.repeat(500)}`.slice(0, 1000);
  const answer = await form.submit({
    name: 'Everything hub',
    purpose,
    audience: 'team',
    expectedUsers: 40,
    data: ['internal'],
    systems,
    builtWith: '"Power Automate" '.repeat(11).trim(),
  });
  expect(answer).toEqual({
    kind: 'errors',
    errors: { purpose: expect.stringMatching(/shorten this by about \d+ characters/) },
  });
  expect((await reply('UOWNER', 'status Everything hub')).text).toMatch(/No app called/);
});

describe('changing an approved app with /microapp update', () => {
  beforeAll(async () => {
    expect(
      (
        await h.register('UOWNER', {
          name: 'Desk booker',
          purpose: 'Books a desk for me on office days.',
          audience: 'personal',
          data: ['internal'],
        })
      ).answer,
    ).toEqual({ kind: 'closed' });
  });

  test('opens the form filled in from what was declared', async () => {
    const form = await h.openForm('UOWNER', 'update Desk booker');
    expect(form.view).toMatchObject({ title: { text: 'Change a micro app' }, callback_id: 'microapp.register.submit' });
    expect(form.input('name').element.initial_value).toBe('Desk booker');
    expect(form.input('purpose').element.initial_value).toBe('Books a desk for me on office days.');
    expect(form.input('audience').element.initial_option.value).toBe('personal');
    expect(form.input('data').element.initial_options.map((o: SlackView) => o.value)).toEqual(['internal']);
  });

  test('a change that is not material is recorded at once, without a new card', async () => {
    const form = await h.openForm('UOWNER', 'update Desk booker');
    expect(
      (await form.submit({ purpose: 'Books a desk for me on office days and reminds me the day before.' })).kind,
    ).toBe('update');
    expect(form.inputs()).not.toContain('owner');
    expect(await form.submit()).toEqual({ kind: 'closed' });
    const status = await reply('UOWNER', 'status Desk booker');
    expect(status.text).toMatch(/Desk booker: Approved/);
    expect(status.all).toContain('reminds me the day before');
    expect(cardPosts('Desk booker')).toHaveLength(0);
  });

  test('a material change goes to reviewers while the approved version stays in force', async () => {
    const form = await h.openForm('UOWNER', 'update Desk booker');
    const late = await h.openForm('UOWNER', 'update Desk booker');
    expect((await late.submit({ purpose: 'Books a desk for me, opened in a second window.' })).kind).toBe('update');
    expect((await form.submit({ audience: 'team', expectedUsers: 6 })).kind).toBe('update');
    expect(json(form.view.blocks)).toContain('heading for Tier 2 (medium risk)');
    expect(
      await form.submit({
        backupOwner: 'UPLATFORM',
        decommissionPlan: 'Switch the booking flow off and tell the team.',
        controls: ['logging', 'rollback'],
      }),
    ).toEqual({ kind: 'closed' });
    await waitFor(() => cardPosts('Desk booker', CHANNELS['microapp-reviews']).length === 1);
    const status = await reply('UOWNER', 'status Desk booker');
    expect(status.text).toMatch(/Desk booker: Approved/);
    expect(status.all).toMatch(/Your change waits for 1 reviewer approval/);

    // The second window, submitted now, is told in words on the first input it shows.
    expect(await late.submit()).toEqual({
      kind: 'errors',
      errors: { [late.inputs()[0]!]: expect.stringMatching(/already waiting for review/) },
    });
  });

  test("someone else's update is refused in words, and no form opens", async () => {
    const opens = h.slack.callsTo('views.open').length;
    expect((await reply('USTRANGER', 'update Desk booker')).text).toMatch(/Only the owner/);
    expect(h.slack.callsTo('views.open')).toHaveLength(opens);
    expect((await reply('UOWNER', 'update Nothing like it')).text).toMatch(/No app by that name/);
  });
});

test('"Full details" on a card opens a read-only modal with everything declared, technical details included', async () => {
  const { answer } = await h.register('UOWNER', {
    name: 'Expense tracker',
    purpose: 'Collects receipts from my inbox into a monthly sheet for the team.',
    audience: 'team',
    expectedUsers: 9,
    data: ['internal'],
    backupOwner: 'UPLATFORM',
    decommissionPlan: 'Export the sheet to the team drive and delete the flow.',
    controls: ['logging', 'rollback'],
    thirdPartyLibraries: 'chart.js@4.4.1\npapaparse@5.4.1',
    productionEndpoints: 'https://expenses.example.com',
    requestedScopes: 'Files.Read\nMail.Read',
  });
  expect(answer).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('Expense tracker').length === 1);
  const card = cardPosts('Expense tracker')[0]!;
  const [approve, , details] = buttonsIn(card);
  expect(details).toMatchObject({ action_id: 'microapp.app.details' });

  const click = buttonClick('UREVIEWER', details!.action_id, details!.value, String(card.args.channel));
  const started = Date.now();
  const [shown, approved] = await Promise.all([
    h.interact(click),
    h.interact(buttonClick('UREVIEWER2', approve!.action_id, approve!.value, String(card.args.channel))),
  ]);
  expect([shown.status, approved.status]).toEqual([200, 200]);
  expect(Date.now() - started).toBeLessThan(1500);
  await waitFor(() => h.slack.callsTo('views.open').some((c) => c.args.trigger_id === click.trigger_id));
  const modal = h.slack.callsTo('views.open').find((c) => c.args.trigger_id === click.trigger_id)!.args.view;
  expect(blockKitProblems(modal, 100)).toEqual([]);
  expect(modal.submit).toBeUndefined();
  expect(modal.close.text).toBe('Close');
  const text = json(modal.blocks);
  for (const declared of [
    'chart.js@4.4.1',
    'papaparse@5.4.1',
    'https://expenses.example.com',
    'Files.Read',
    'Mail.Read',
    'Export the sheet to the team drive',
  ])
    expect([declared, text.includes(declared)]).toEqual([declared, true]);
});
