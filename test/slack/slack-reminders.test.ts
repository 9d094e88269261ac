import { ACTIONS } from '../../src/views/action-ids';
import { createKyselyRegistry } from '../../src/store/kysely-registry';
import { seedExpiringApps } from '../support/seed-expiring';
import { cli, manifestDir } from '../support/cli-harness';
import { tier1, tier2 } from '../support/manifests';
import type { SlackHarness } from '../support/slack-harness';
import { buttonClick, startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';
import { weekdayNoonBefore } from '../support/weekday-noon';

let h: SlackHarness;
let dir: string;
beforeAll(async () => {
  h = await startSlackHarness();
  dir = manifestDir({ 'helper.yaml': tier1({ name: 'Forecast helper', owner: 'slack:UOWNER' }) });
});
afterAll(() => h.close());

const dms = (user: string, pattern: RegExp) =>
  h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === `D-${user}` && pattern.test(JSON.stringify(c.args)));
const ephemerals = (user: string) =>
  h.slack
    .callsTo('chat.postEphemeral')
    .filter((c) => c.args.user === user)
    .map((c) => String(c.args.text));

test('preview shows the coming reminder and sends nothing; run-once queues it; the owner re-certifies from the message', async () => {
  expect((await cli(['register', '--file', 'helper.yaml'], h.env, dir)).code).toBe(0);
  await waitFor(() => dms('UOWNER', /registered .*Forecast helper/).length === 1, 5000);
  const { expiresAt } = JSON.parse((await cli(['show', 'Forecast helper', '--json'], h.env, dir)).out) as {
    expiresAt: string;
  };
  const at = weekdayNoonBefore(expiresAt, 20);
  // Nothing reported using the app since it was approved, so its owner is also asked whether it is still in use.
  const quiet = {
    app: 'Forecast helper',
    obligation: 'inactivity',
    stage: 'ask',
    dueAt: new Date(Date.parse(expiresAt) - (365 - 90) * 86_400_000).toISOString(),
  };

  const preview = await cli(['reminders', 'preview', '--at', at, '--json'], h.env, dir);
  expect(preview.code).toBe(0);
  expect(JSON.parse(preview.out)).toEqual({
    at,
    digests: [
      {
        recipient: 'slack:UOWNER',
        platform: 'slack',
        sendAt: at,
        items: [
          quiet,
          {
            app: 'Forecast helper',
            obligation: 'recertification',
            stage: 'd30',
            dueAt: new Date(Date.parse(expiresAt) - 30 * 86_400_000).toISOString(),
          },
        ],
      },
    ],
  });
  const words = await cli(['reminders', 'preview', '--at', at], h.env, dir);
  // The 30-day reminder came due ten days ago: the preview counts the days really left, not the stage's 30.
  const daysLeft = Math.floor(Date.parse(expiresAt) / 86_400_000) - Math.floor(Date.parse(at) / 86_400_000);
  expect(daysLeft).toBeLessThan(30);
  expect(words.out).toMatch(/would send 1 digest\b/);
  expect(words.out).toMatch(
    /Olivia Owner <olivia@example\.com> on Slack, now:\n {4}- "Forecast helper": inactive app, not used lately: keep or retire\? \(due .*\)\n {4}- "Forecast helper": re-certification, (\d+) days left/,
  );
  expect(words.out).toContain(`re-certification, ${daysLeft} days left`);
  expect((await cli(['deliveries', '--status', 'pending'], h.env, dir)).out).not.toMatch(/reminder/);
  expect(await cli(['reminders', 'preview', '--at', 'next tuesday'], h.env, dir)).toMatchObject({
    code: 2,
    err: expect.stringMatching(/--at must be an ISO date and time/),
  });

  expect((await cli(['reminders', 'run-once', '--at', at], h.env, dir)).out).toMatch(/queued 1 digest\b/);
  await waitFor(() => dms('UOWNER', /must be re-certified by/).length === 1, 5000);
  expect((await cli(['reminders', 'run-once', '--at', at], h.env, dir)).out).toMatch(/queued 0 digests\b/);
  const blocks = dms('UOWNER', /must be re-certified by/)[0]!.args.blocks as {
    type: string;
    elements?: { action_id?: string; value?: string }[];
  }[];
  const buttons = blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
  expect(buttons.map((b) => b.action_id)).toEqual([
    ACTIONS.stillInUse,
    ACTIONS.retireApp,
    ACTIONS.recertify,
    ACTIONS.changeApp,
    ACTIONS.snooze,
    ACTIONS.snooze,
  ]);
  const recertify = buttons[2]!.value!;
  expect(recertify).toBeDefined();

  await h.interact(buttonClick('USTRANGER', ACTIONS.snooze, `${recertify}:1`, 'D-UOWNER'));
  await waitFor(() => ephemerals('USTRANGER').some((t) => /sent to someone else/.test(t)), 5000);
  const questions = (blocks as unknown as { type: string; block_id: string; element: { action_id: string } }[]).filter(
    (b) => b.type === 'input',
  );
  expect(questions.map((b) => b.element.action_id)).toEqual([
    `microapp.value.hoursSavedPerMonth:${recertify}`,
    `microapp.value.users:${recertify}`,
  ]);
  const typed = (hours: string, users: string) => ({
    ...buttonClick('UOWNER', ACTIONS.recertify, recertify, 'D-UOWNER'),
    state: {
      values: Object.fromEntries(
        questions.map((b, i) => [
          b.block_id,
          { [b.element.action_id]: { type: 'plain_text_input', value: i === 0 ? hours : users } },
        ]),
      ),
    },
  });
  await h.interact(typed('lots', '35'));
  await waitFor(
    () => ephemerals('UOWNER').some((t) => /"lots" is not an answer to "About how many hours/.test(t)),
    5000,
  );
  expect(JSON.parse((await cli(['show', 'Forecast helper', '--json'], h.env, dir)).out).expiresAt).toBe(expiresAt);
  await h.interact(typed('20 hours', '1,200'));
  await waitFor(() => ephemerals('UOWNER').some((t) => /Re-certified "Forecast helper": approved until/.test(t)), 5000);
  const renewed = JSON.parse((await cli(['show', 'Forecast helper', '--json'], h.env, dir)).out) as {
    expiresAt: string;
    value: { hoursSavedPerMonth: number; users: number; answeredBy: string };
  };
  expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.parse(expiresAt));
  expect(renewed.value).toMatchObject({ hoursSavedPerMonth: 20, users: 1200, answeredBy: 'slack:UOWNER' });
  expect((await cli(['show', 'Forecast helper'], h.env, dir)).out).toMatch(
    /Value: About 20 hours a month saved, 1,200 people use it \(Olivia Owner <olivia@example\.com>, /,
  );
});

test('under 30% rate limiting and 10% outages, every digest arrives once, at most one a second per conversation', async () => {
  const owners = ['UREVIEWER', 'USECURITY', 'UPLATFORM'];
  const expiresAt = '2031-03-19T10:00:00.000Z';
  const registry = await createKyselyRegistry({ kind: 'sqlite', file: h.env.DATABASE_URL.slice('sqlite:'.length) });
  try {
    await seedExpiringApps(
      registry,
      6,
      owners.map((u) => `slack:${u}`),
      expiresAt,
    );
  } finally {
    await registry.close();
  }
  h.slack.chaos({ tooMany: 0.3, broken: 0.1 });
  try {
    for (const days of [30, 14, 7, 1])
      expect(
        (await cli(['reminders', 'run-once', '--at', weekdayNoonBefore(expiresAt, days)], h.env, dir)).out,
      ).toMatch(/queued [34] digest/);
    const digests = (u: string) => h.slack.messagesIn(`D-${u}`).filter((m) => /need your attention/.test(m.text));
    await waitFor(() => owners.every((u) => digests(u).length >= 4), 60_000);
    await new Promise((r) => setTimeout(r, 1500));
    for (const u of owners) {
      const got = digests(u);
      expect(got).toHaveLength(4);
      const gaps = got.slice(1).map((m, i) => m.postedAt - got[i]!.postedAt);
      expect(gaps.every((g) => g >= 950)).toBe(true);
    }
    const failures = h.slack.calls.filter((c) => c.method === 'chat.postMessage').length - owners.length * 4;
    expect(failures).toBeGreaterThan(0);
  } finally {
    h.slack.chaos(undefined);
  }
}, 90_000);

test('an incident reported with /microapp incident reaches security at once; Acknowledge takes it, a second click hears who was first', async () => {
  const r = await h.command('USTRANGER', 'incident Forecast helper the export sent rows to a public sheet');
  expect(r.status).toBe(200);
  await waitFor(
    () =>
      h
        .responses()
        .some((t) =>
          /Incident with "Forecast helper" recorded, and the security team \(\d people\) has been told/.test(t),
        ),
    5000,
  );
  await waitFor(() => dms('USECURITY', /reported an incident with .*Forecast helper.*public sheet/).length === 1, 5000);
  const blocks = dms('USECURITY', /reported an incident/)[0]!.args.blocks as {
    type: string;
    elements?: { action_id?: string; value?: string }[];
  }[];
  const ack = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.acknowledgeIncident)!;
  await h.interact(buttonClick('UOWNER', ACTIONS.acknowledgeIncident, ack.value!, 'D-UOWNER'));
  await waitFor(
    () => ephemerals('UOWNER').some((t) => /Only the security role \(or an admin\) can take an incident/.test(t)),
    5000,
  );
  await h.interact(buttonClick('USECURITY', ACTIONS.acknowledgeIncident, ack.value!, 'D-USECURITY'));
  await waitFor(
    () => ephemerals('USECURITY').some((t) => /You have taken the incident with "Forecast helper"/.test(t)),
    5000,
  );
  await h.interact(buttonClick('USECURITY', ACTIONS.acknowledgeIncident, ack.value!, 'D-USECURITY'));
  await waitFor(() => ephemerals('USECURITY').some((t) => /Sam Security already took this incident/.test(t)), 5000);
  expect(await cli(['incident', 'Nothing by that name broke'], h.env, dir)).toMatchObject({
    code: 2,
    err: expect.stringMatching(/Start with the app's name/),
  });
  expect(
    (await cli(['incident', 'Forecast helper', 'the', 'sheet', 'went', 'public', 'again'], h.env, dir)).out,
  ).toMatch(/Incident with "Forecast helper" recorded/);
});

test('retention: the owner answers Not purged yet (security hears at once), then Purged, from the Slack message', async () => {
  const files = manifestDir({
    'archive.yaml': tier1({ name: 'Archive sweeper', owner: 'slack:UOWNER', retentionDays: 30 }),
  });
  expect((await cli(['register', '--file', 'archive.yaml'], h.env, files)).code).toBe(0);
  const { createdAt } = JSON.parse((await cli(['show', 'Archive sweeper', '--json'], h.env, files)).out) as {
    createdAt: string;
  };
  const at = weekdayNoonBefore(new Date(Date.parse(createdAt) + 40 * 86_400_000).toISOString(), 3);
  expect((await cli(['reminders', 'run-once', '--at', at], h.env, dir)).out).toMatch(
    /"Archive sweeper": data retention, purge to confirm/,
  );
  await waitFor(() => dms('UOWNER', /Archive sweeper.*keeps data for 30 days/).length === 1, 5000);
  const blocks = dms('UOWNER', /keeps data for 30 days/)[0]!.args.blocks as {
    type: string;
    elements?: { action_id?: string; value?: string }[];
  }[];
  const buttons = blocks.flatMap((b) => (b.type === 'actions' ? (b.elements ?? []) : []));
  const purged = buttons.find((b) => b.action_id === ACTIONS.confirmPurge);
  const notYet = buttons.find((b) => b.action_id === ACTIONS.reportNotPurged);
  expect(notYet?.value).toBe(purged?.value);

  await h.interact(buttonClick('USTRANGER', ACTIONS.confirmPurge, purged!.value!, 'D-UOWNER'));
  await waitFor(
    () => ephemerals('USTRANGER').some((t) => /Only the owner or backup owner of "Archive sweeper"/.test(t)),
    5000,
  );
  await h.interact(buttonClick('UOWNER', ACTIONS.reportNotPurged, notYet!.value!, 'D-UOWNER'));
  await waitFor(
    () => ephemerals('UOWNER').some((t) => /has not been purged yet, and security has been told/.test(t)),
    5000,
  );
  await waitFor(
    () =>
      dms(
        'USECURITY',
        /Olivia Owner says data older than its 30-day retention window of .*Archive sweeper.* has not been purged/,
      ).length === 1,
    5000,
  );
  await h.interact(buttonClick('UOWNER', ACTIONS.confirmPurge, purged!.value!, 'D-UOWNER'));
  await waitFor(
    () =>
      ephemerals('UOWNER').some((t) =>
        /Thank you: recorded that the data past its retention window of "Archive sweeper" was purged/.test(t),
      ),
    5000,
  );
  expect((await cli(['reminders', 'preview', '--at', at], h.env, dir)).out).not.toMatch(/Archive sweeper/);
});

test('/microapp exception: a reviewer waives one rule for a week, refusals say what to do, and the owner is told', async () => {
  const files = manifestDir({
    'jira.yaml': tier2({
      name: 'Jira digest',
      owner: 'slack:UOWNER',
      audience: 'personal',
      expectedUsers: 1,
      integrations: [{ system: 'Jira', access: 'read', requiresSecret: true }],
      controls: ['logging', 'rollback', 'vaultSecrets'],
    }),
  });
  const reg = await cli(['register', '--file', 'jira.yaml'], h.env, files);
  expect(reg.code).toBe(0);
  expect(
    (
      await h.command(
        'UOWNER',
        'exception Jira digest integration-needs-secret 7 the key is read-only and rotated daily',
      )
    ).status,
  ).toBe(200);
  await waitFor(
    () =>
      h
        .responses()
        .some((t) => /^You own "Jira digest", so another reviewer or an admin must grant its exception\.$/.test(t)),
    5000,
  );
  expect(
    (
      await h.command(
        'UADMIN',
        'exception Jira digest integration-needs-secrets 7 the key is read-only and rotated daily',
      )
    ).status,
  ).toBe(200);
  await waitFor(
    () => h.responses().some((t) => /integration-needs-secrets/.test(t) && /integration-needs-secret\b/.test(t)),
    5000,
  );
  expect(
    (
      await h.command(
        'UADMIN',
        'exception Jira digest integration-needs-secret 7 the key is read-only and rotated daily',
      )
    ).status,
  ).toBe(200);
  await waitFor(
    () =>
      h
        .responses()
        .some((t) => /^Exception granted: "Jira digest" is not held to integration-needs-secret until/.test(t)),
    5000,
  );
  await waitFor(
    () =>
      dms('UOWNER', /Jira digest/).some(
        (c) =>
          /integration-needs-secret/.test(JSON.stringify(c.args)) &&
          /read-only and rotated daily/.test(JSON.stringify(c.args)),
      ),
    5000,
  );
  expect((await cli(['exception', 'list'], h.env, dir)).out).toMatch(/Jira digest/);
});

test('someone leaves: people deactivate, then the next sweep asks admins (no backup owner) to take the app, and one click does', async () => {
  const gone = await cli(['people', 'deactivate', 'olivia@example.com'], h.env, dir);
  expect(gone.out).toMatch(
    /Olivia Owner <olivia@example\.com> is marked as gone\. Their (1 app|\d+ apps) \(.*"Forecast helper".*\) now need a new owner/,
  );
  expect(await cli(['people', 'deactivate', 'slack:UNOBODY'], h.env, dir)).toMatchObject({
    code: 1,
    err: expect.stringMatching(/Nobody is known as slack:UNOBODY/),
  });
  const at = new Date(Date.now() + 60_000);
  while (at.getUTCDay() === 0 || at.getUTCDay() === 6 || at.getUTCHours() < 9 || at.getUTCHours() >= 17)
    at.setTime(at.getTime() + 3_600_000);
  expect((await cli(['reminders', 'run-once', '--at', at.toISOString()], h.env, dir)).out).toMatch(
    /"Forecast helper": ownerless app, owner gone, needs a new owner/,
  );
  await waitFor(() => dms('UADMIN', /needs a new owner/).length >= 1, 5000);
  const blocks = dms('UADMIN', /needs a new owner/)[0]!.args.blocks as {
    type: string;
    elements?: { action_id?: string; value?: string }[];
  }[];
  const take = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === ACTIONS.claimApp)!;
  await h.interact(buttonClick('UADMIN', ACTIONS.claimApp, take.value!, 'D-UADMIN'));
  await waitFor(
    () => ephemerals('UADMIN').some((t) => /You now own "(Forecast helper|Archive sweeper|Seeded app \d+)"/.test(t)),
    5000,
  );
});
