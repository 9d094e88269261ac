import { DECOMMISSION_CALLBACK } from '../../adapters/slack/steward-handlers';
import { ACTIONS } from '../../src/views/action-ids';
import { cli, manifestDir } from '../support/cli-harness';
import { tier2 } from '../support/manifests';
import type { SlackHarness } from '../support/slack-harness';
import { buttonClick, startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';

let h: SlackHarness;
let dir: string;
beforeAll(async () => {
  h = await startSlackHarness();
  dir = manifestDir({
    'router.yaml': tier2({ name: 'Inbox router', owner: 'slack:UOWNER', backupOwner: 'slack:UBACKUP' }),
  });
});
afterAll(() => h.close());

const respondCalls = () => h.slack.calls.filter((c) => c.method.startsWith('/respond/'));

test('/microapp token: refused to anyone but the owner or backup owner; the owner gets it once, only to them, and it works', async () => {
  expect((await cli(['register', '--file', 'router.yaml'], h.env, dir)).code).toBe(0);
  await h.command('USTRANGER', 'token Inbox router');
  await waitFor(
    () =>
      h
        .responses()
        .some((t) =>
          /can get its token\. A platform admin can also issue one with: microapp token issue "Inbox router"/.test(t),
        ),
    5000,
  );
  expect(h.responses().find((t) => /can get its token/.test(t))).toMatch(
    /^Only .+ or .+ \(the owner or backup owner of "Inbox router"\) can get its token/,
  );

  const before = respondCalls().length;
  await h.command('UOWNER', 'token Inbox router');
  await waitFor(() => respondCalls().length > before, 5000);
  const answer = respondCalls().at(-1)!.args;
  expect(answer.response_type).toBe('ephemeral');
  const text = String(answer.text);
  const token = /`(mab_[A-Za-z0-9_-]{59})`/.exec(text)?.[1];
  expect(token).toBeDefined();
  expect(text).toMatch(/shown only this once/);
  const { id } = JSON.parse((await cli(['show', 'Inbox router', '--json'], h.env, dir)).out) as { id: string };
  expect(text).toContain(`https://&lt;the bot's address&gt;/api/v1/apps/${id}/heartbeat`);
  expect(h.slack.callsTo('chat.postMessage').some((c) => JSON.stringify(c.args).includes(token!))).toBe(false);
  expect(h.logs.join('\n')).not.toContain(token!.slice(4));

  const beat = await fetch(`http://127.0.0.1:${h.port()}/api/v1/apps/${id}/heartbeat`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(beat.status).toBe(204);
  const shown = JSON.parse((await cli(['show', 'Inbox router', '--json'], h.env, dir)).out) as {
    lastActiveAt?: string;
  };
  expect(Date.now() - Date.parse(shown.lastActiveAt!)).toBeLessThan(60_000);
});

test('"Retire it" on an inactivity reminder opens the decommission form for the app', async () => {
  const trigger = 'trigger-retire-1';
  await h.interact({ ...buttonClick('UOWNER', ACTIONS.retireApp, 'Inbox router', 'D-UOWNER'), trigger_id: trigger });
  await waitFor(() => h.slack.callsTo('views.open').some((c) => c.args.trigger_id === trigger), 5000);
  const view = h.slack.callsTo('views.open').find((c) => c.args.trigger_id === trigger)!.args.view as {
    callback_id: string;
    private_metadata: string;
  };
  expect(view.callback_id).toBe(DECOMMISSION_CALLBACK);
  expect(JSON.parse(view.private_metadata)).toEqual({ app: 'Inbox router' });
});
