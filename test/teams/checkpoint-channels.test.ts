import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, manifestDir } from '../support/cli-harness';
import { CHANNELS } from '../support/fake-slack';
import { tier1 } from '../support/manifests';
import { DEFAULT_TEAM, USERS, adaptiveCards, channelId } from '../support/teams-activities';
import { cardText, elements } from '../support/teams-form';
import type { TeamsHarness } from '../support/teams-harness';
import { startTeamsHarness } from '../support/teams-harness';
import { waitFor } from '../support/wait-for';

const work = { team: DEFAULT_TEAM.name, channel: 'Work' };
const teamsWork = channelId(DEFAULT_TEAM.name, 'Work');
const slackWork = CHANNELS.work!;

/** The text of a Slack mrkdwn code block, as a reader copies it: the fences gone, the three escapes undone. */
function copiedFromSlack(mrkdwn: string): string {
  return mrkdwn
    .replace(/^```|```$/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

let h: TeamsHarness;
beforeAll(async () => {
  h = await startTeamsHarness({
    withSlack: true,
    env: { AUDIT_LOG_ORIGIN: 'acme.example.com/microapp-audit' },
    policy: (dir) =>
      appendFileSync(
        join(dir, 'policy.yaml'),
        '\naudit:\n  checkpointChannels:\n    - { platform: slack, channel: "#work" }\n    - { platform: teams, channel: Work }\n',
      ),
  });
  expect((await h.say(USERS.pat, 'help')).status).toBe(200);
});
afterAll(() => h.close());

test('a new checkpoint goes once to each checkpoint channel, Slack and Teams, and the note copied from either verifies', async () => {
  await h.say(USERS.pat, 'route Work here', work);
  const routed = await h.connector.waitFor(() =>
    h.connector
      .sentTo(teamsWork)
      .map((s) => cardText(adaptiveCards(s.activity)))
      .find((t) => t.startsWith('Done')),
  );
  expect(routed).toBe('Done: this channel now gets the audit log\'s signed checkpoints (route "Work").');

  const dir = manifestDir({ 'a.yaml': tier1({ name: 'Rota helper' }) });
  expect((await cli(['register', '--file', 'a.yaml'], h.env, dir)).code).toBe(0);
  const signed = await cli(['audit', 'checkpoint'], h.env, dir);
  expect(signed).toMatchObject({
    code: 0,
    err: expect.stringMatching(
      /\nQueued for the 2 checkpoint channels \(audit\.checkpointChannels\): the bot posts it\.\n$/,
    ),
  });
  const note = signed.out;
  const size = Number(note.split('\n')[1]);
  expect(size).toBeGreaterThan(0);

  const slackPosts = () =>
    h.slack!.callsTo('chat.postMessage').filter((c) => c.args.channel === slackWork || c.args.channel === '#work');
  const teamsPosts = () =>
    h.connector
      .sentTo(teamsWork)
      .filter((s) => elements(adaptiveCards(s.activity)).some((e) => e.type === 'CodeBlock'));
  await waitFor(() => slackPosts().length > 0 && teamsPosts().length > 0, 10_000);

  const slack = slackPosts()[0]!.args;
  expect(slack.text).toBe(`Audit log checkpoint: ${size} event${size === 1 ? '' : 's'}`);
  const code = (slack.blocks as { type: string; text?: { text: string } }[])
    .map((b) => b.text?.text ?? '')
    .filter((t) => t.startsWith('```'));
  expect(code).toHaveLength(1);
  expect(`${copiedFromSlack(code[0]!)}\n`).toBe(note);

  const card = elements(adaptiveCards(teamsPosts()[0]!.activity));
  const block = card.find((e) => e.type === 'CodeBlock')!;
  expect(`${block.codeSnippet}\n`).toBe(note);
  expect(`${block.fallback.inlines[0].text}\n`).toBe(note);
  expect(cardText(adaptiveCards(teamsPosts()[0]!.activity))).toMatch(
    /^Audit log checkpoint: \d+ events?\n.*\nTo check the log against it: save the text above in a file/s,
  );

  for (const [name, text] of [
    ['from-slack.checkpoint', `${copiedFromSlack(code[0]!)}\n`],
    ['from-teams.checkpoint', `${block.codeSnippet}\n`],
  ] as const) {
    writeFileSync(join(dir, name), text);
    const verified = await cli(['audit', 'verify', '--checkpoint', name], h.env, dir);
    expect(verified).toMatchObject({ code: 0 });
    expect(verified.out).toContain(`Checkpoint ${name} (${size} events) holds.`);
  }

  expect((await cli(['audit', 'checkpoint'], h.env, dir)).code).toBe(0);
  await new Promise((r) => setTimeout(r, 500));
  expect([slackPosts().length, teamsPosts().length]).toEqual([1, 1]);
});
