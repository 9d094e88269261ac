import type { SlackCall } from '../support/fake-slack';
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

/** Answers by input id, across both steps of the form. */
const base: Record<string, Fill> = {
  purpose: 'Tidies my meeting notes every week.',
  audience: 'personal',
  data: ['internal'],
};
const tier2: Record<string, Fill> = {
  ...base,
  audience: 'team',
  expectedUsers: 12,
  businessUnit: 'Operations',
  backupOwner: 'UPLATFORM',
  decommissionPlan: 'Turn it off and delete the sheet.',
  controls: ['logging', 'rollback'],
};
const tier3: Record<string, Fill> = {
  ...tier2,
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

const text = (call: SlackCall | undefined) => JSON.stringify(call?.args ?? {});
const dmsTo = (user: string) => h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D-${user}`);
const cardPosts = (name: string) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => Object.values(CHANNELS).includes(String(c.args.channel)) && text(c).includes(name));
const buttonsIn = (call: SlackCall) =>
  (call.args.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);

/** Fills in the form step by step as the owner; returns what the last step was answered with. */
async function register(answers: Record<string, Fill>) {
  return (await h.register('UOWNER', answers)).answer;
}

test('tier 1: the modal closes and the owner gets the assessment, approved at once', async () => {
  const before = dmsTo('UOWNER').length;
  expect(await register({ ...base, name: 'Notes tidier' })).toEqual({ kind: 'closed' });
  await waitFor(() => dmsTo('UOWNER').length > before);
  const dm = text(dmsTo('UOWNER').at(-1));
  expect(dm).toContain('Tier 1 (low risk)');
  expect(dm).toContain('Approved: you can use it now');
  expect(cardPosts('Notes tidier')).toHaveLength(0);
});

test('invalid input comes back inline on the right inputs, and the modal stays open', async () => {
  const answer = await register({ ...base, name: 'ab', purpose: 'short' });
  expect(answer).toEqual({
    kind: 'errors',
    errors: { name: expect.stringMatching(/at least 3/), purpose: expect.stringMatching(/at least 10/) },
  });
});

test('a pasted secret is an inline error that says to use the vault, and is never echoed', async () => {
  const token = ['xoxb', '223456789012', '2234567890123', 'ZyXwVuTsRqPoNmLkJiHgFeDc'].join('-');
  const answer = await register({ ...tier2, name: 'Secret bot', decommissionPlan: `revoke ${token} then delete` });
  expect(answer).toMatchObject({ kind: 'errors', errors: { decommissionPlan: expect.stringMatching(/vault/) } });
  expect(JSON.stringify(answer)).not.toContain(token);
  expect(h.logs.join('\n')).not.toContain(token);
});

test('tier 2: a card goes to the reviewer channel; an approval updates it in place and tells the owner', async () => {
  expect(await register({ ...tier2, name: 'Inbox router' })).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('Inbox router').length === 1);
  const card = cardPosts('Inbox router')[0]!;
  expect(card.args.channel).toBe(CHANNELS['microapp-reviews']);
  expect(text(card)).toMatch(/Opened <!date\^\d+\^\{date_short_pretty\}\|\d+ \w{3} \d{4} UTC>/);
  const [approve, deny, details] = buttonsIn(card);
  expect([approve!.action_id, deny!.action_id, details!.action_id]).toEqual([
    'microapp.review.approve',
    'microapp.review.deny',
    'microapp.app.details',
  ]);

  const dmsBefore = dmsTo('UOWNER').length;
  expect((await h.interact(buttonClick('UREVIEWER', approve!.action_id, approve!.value))).status).toBe(200);
  await waitFor(() => h.slack.callsTo('chat.update').some((c) => text(c).includes('Inbox router')));
  const update = h.slack
    .callsTo('chat.update')
    .filter((c) => text(c).includes('Inbox router'))
    .at(-1)!;
  expect(update.args.channel).toBe(CHANNELS['microapp-reviews']);
  expect(text(update)).toMatch(/Approved by Rae Reviewer on <!date\^\d+\^\{date_short_pretty\}\|\d+ \w{3} \d{4} UTC>/);
  expect(buttonsIn(update).map((b) => b.action_id)).toEqual(['microapp.app.details']);
  await waitFor(
    () =>
      dmsTo('UOWNER')
        .slice(dmsBefore)
        .some((c) => /Inbox router.* is approved until/.test(text(c))),
    5000,
  );
  expect(dmsTo('UOWNER').slice(dmsBefore).map(text).join()).not.toContain('<!date');

  const ephemeralsBefore = h.slack.callsTo('chat.postEphemeral').length;
  await h.interact(buttonClick('USECURITY', approve!.action_id, approve!.value));
  await waitFor(() => h.slack.callsTo('chat.postEphemeral').length > ephemeralsBefore);
  const stale = h.slack.callsTo('chat.postEphemeral').at(-1)!;
  expect(stale.args).toMatchObject({
    user: 'USECURITY',
    text: expect.stringMatching(/^Already approved by Rae Reviewer on \d+ \w+ \d{4}, \d\d:\d\d CET\./),
  });
  expect(stale.args.text).not.toMatch(/slack:|T\d\d:\d\d/);
});

test('Full details: reviewers read the reasons as the card words them, the owner keeps the fixes, and nobody reads "Not stated"', async () => {
  expect(await register({ ...tier2, name: 'Rota planner' })).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('Rota planner').length === 1);
  const details = buttonsIn(cardPosts('Rota planner')[0]!)[2]!;
  const opens = h.slack.callsTo('views.open').length;
  await h.interact(buttonClick('UREVIEWER', details.action_id, details.value));
  await waitFor(() => h.slack.callsTo('views.open').length > opens);
  const modal = JSON.stringify(h.slack.callsTo('views.open').at(-1)!.args.view);
  expect(modal).toContain('Why it has this risk:');
  expect(modal).toContain('• A team relies on this app, so a problem affects more than you"');
  expect(modal).not.toMatch(/Just me|Not stated|None named|None listed|Does not use AI/);

  const replies = () => h.slack.calls.filter((c) => c.method.startsWith('/respond/'));
  const before = replies().length;
  expect((await h.command('UOWNER', 'status Rota planner')).status).toBe(200);
  await waitFor(() => replies().length > before);
  const own = JSON.stringify(replies().at(-1)!.args);
  expect(own).toMatch(/If only you use it, answer \\"Just me\\"/);
  expect(own).not.toMatch(/Not stated|None named|None listed/);
});

test('tier 3: two distinct approvers, and refusals for strangers and owners are ephemeral', async () => {
  expect(await register({ ...tier3, name: 'Renewal nudger' })).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('Renewal nudger').length === 1);
  const card = cardPosts('Renewal nudger')[0]!;
  expect(card.args.channel).toBe(CHANNELS['microapp-security-reviews']);
  const approve = buttonsIn(card)[0]!;

  const eph = () => h.slack.callsTo('chat.postEphemeral');
  let n = eph().length;
  await h.interact(buttonClick('USTRANGER', approve.action_id, approve.value));
  await waitFor(() => eph().length > n);
  expect(eph().at(-1)!.args).toMatchObject({
    user: 'USTRANGER',
    text: expect.stringMatching(/needs someone with the security or platform role/),
  });
  n = eph().length;
  await h.interact(buttonClick('UOWNER', approve.action_id, approve.value));
  await waitFor(() => eph().length > n);
  expect(eph().at(-1)!.args.text).toMatch(/you own or back up/i);

  await h.interact(buttonClick('USECURITY', approve.action_id, approve.value));
  await waitFor(() =>
    h.slack
      .callsTo('chat.update')
      .some((c) => text(c).includes('Renewal nudger') && text(c).includes('Security: 1 of 1')),
  );
  const half = h.slack
    .callsTo('chat.update')
    .filter((c) => text(c).includes('Renewal nudger'))
    .at(-1)!;
  expect(buttonsIn(half)).toHaveLength(3);
  const dmsBefore = dmsTo('UOWNER').length;
  await h.interact(buttonClick('UPLATFORM', approve.action_id, approve.value));
  await waitFor(() =>
    h.slack
      .callsTo('chat.update')
      .some((c) => text(c).includes('Renewal nudger') && text(c).includes('Approved by Pat Platform')),
  );
  await waitFor(
    () =>
      dmsTo('UOWNER')
        .slice(dmsBefore)
        .some((c) => /Renewal nudger.* is approved until/.test(text(c))),
    5000,
  );
});

test('deny opens a reason form; the reason updates the card and reaches the owner', async () => {
  expect(await register({ ...tier2, name: 'Shift board' })).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('Shift board').length === 1);
  const deny = buttonsIn(cardPosts('Shift board')[0]!)[1]!;
  const opens = h.slack.callsTo('views.open').length;
  await h.interact(buttonClick('UREVIEWER', deny.action_id, deny.value));
  await waitFor(() => h.slack.callsTo('views.open').length > opens);
  const modal = h.slack.callsTo('views.open').at(-1)!.args.view;
  expect(modal).toMatchObject({ callback_id: 'microapp.review.deny.submit', title: { text: 'Deny this app' } });

  const submit = (reason: string) =>
    h.interact({
      type: 'view_submission',
      team: { id: 'T1' },
      user: { id: 'UREVIEWER' },
      view: {
        id: 'V2',
        type: 'modal',
        callback_id: modal.callback_id,
        private_metadata: modal.private_metadata,
        state: { values: { reason: { reason: { type: 'plain_text_input', value: reason } } } },
      },
    });
  expect((await submit('   ')).json()).toEqual({
    response_action: 'errors',
    errors: { reason: expect.stringMatching(/give a reason/) },
  });
  const dmsBefore = dmsTo('UOWNER').length;
  expect((await submit('Please add a rollback plan')).text).toBe('');
  await waitFor(() =>
    h.slack
      .callsTo('chat.update')
      .some((c) => text(c).includes('Shift board') && text(c).includes('Denied by Rae Reviewer')),
  );
  await waitFor(
    () =>
      dmsTo('UOWNER')
        .slice(dmsBefore)
        .some((c) => text(c).includes('Please add a rollback plan')),
    5000,
  );
});

test('no free-text field can mention or link: user text is escaped and never auto-linked', async () => {
  const attack = '<!channel> <@U999> <https://evil.example|click> @here';
  expect(
    await register({
      ...tier2,
      name: 'Mention <!here>',
      purpose: `Purpose ${attack}`,
      businessUnit: `BU ${attack}`,
      builtWith: `Built ${attack}`,
      decommissionPlan: `Plan ${attack}`,
    }),
  ).toEqual({ kind: 'closed' });
  await waitFor(() => cardPosts('Mention').length === 1);
  const card = cardPosts('Mention')[0]!;
  // Slack parses mentions and links only in mrkdwn (and the fallback text); plain_text is shown as typed.
  const mrkdwn: { text: string; verbatim?: boolean }[] = [];
  JSON.stringify(card.args.blocks, (_k, v) => {
    if (v && v.type === 'mrkdwn') mrkdwn.push(v);
    return v;
  });
  expect(mrkdwn.length).toBeGreaterThan(3);
  // The one markup the bot writes itself: Slack's date token, each reader seeing the date in their own zone.
  const dateToken = /<!date\^\d+\^\{date_short_pretty\}\|\d{1,2} [A-Z][a-z]{2} \d{4} UTC>/g;
  expect(mrkdwn.some((m) => new RegExp(dateToken.source).test(m.text))).toBe(true);
  for (const t of [...mrkdwn.map((m) => m.text), card.args.text]) expect(t.replace(dateToken, '')).not.toMatch(/[<>]/);
  expect(mrkdwn.every((m) => m.verbatim === true)).toBe(true);
  expect(text(card)).toContain('Purpose &lt;!channel&gt; &lt;@U999&gt;');
  expect(card.args.link_names).toBeUndefined();
});

test('App Home lists the reviews waiting for the viewer with Approve and Deny, and an Approve there decides it', async () => {
  expect(await register({ ...tier2, name: 'Home reviewed' })).toEqual({ kind: 'closed' });
  const publishes = () => h.slack.callsTo('views.publish').filter((c) => c.args.user_id === 'UREVIEWER2');
  const before = publishes().length;
  await h.event({ type: 'app_home_opened', user: 'UREVIEWER2', channel: 'D1', tab: 'home' }, `Ev-home-${Date.now()}`);
  await waitFor(() => publishes().length > before);
  const home = publishes().at(-1)!.args.view as {
    blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
  };
  expect(JSON.stringify(home)).toContain('Home reviewed');
  const row = home.blocks.findIndex((b) => JSON.stringify(b).includes('Home reviewed: Tier'));
  const approve = home.blocks[row + 1]!.elements!.find((e) => e.action_id === 'microapp.review.approve')!;
  const click = {
    ...buttonClick('UREVIEWER2', approve.action_id, approve.value),
    channel: undefined,
    container: { type: 'view', view_id: 'VHOME' },
    view: { id: 'VHOME', type: 'home' },
  };
  expect((await h.interact(click)).status).toBe(200);
  const shown = () =>
    h.slack.calls.filter(
      (c) => ['chat.update', 'chat.postMessage'].includes(c.method) && text(c).includes('Review: Home reviewed'),
    );
  await waitFor(() => shown().some((c) => text(c).includes('Approved by')), 5000);
  await waitFor(() => publishes().length > before + 1);
  expect(JSON.stringify(publishes().at(-1)!.args.view)).not.toContain('Home reviewed: Tier');
});
