import { accountPage, signInLinkIn, signInWith } from '../support/sign-in-link';
import type { SlackHarness } from '../support/slack-harness';
import { startSlackHarness } from '../support/slack-harness';
import { waitFor } from '../support/wait-for';

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlackHarness();
});
afterAll(() => h.close());

const respondCalls = () => h.slack.calls.filter((c) => c.method.startsWith('/respond/'));

test('/microapp dashboard answers only the person, with a one-time link that signs them in', async () => {
  const before = respondCalls().length;
  expect((await h.command('UOWNER', 'dashboard')).status).toBe(200);
  await waitFor(() => respondCalls().length > before, 5000);
  const answer = respondCalls().at(-1)!.args;
  expect(answer.response_type).toBe('ephemeral');
  const text = String(answer.text);
  expect(text).toMatch(/valid for 15 minutes, works once/);
  const link = signInLinkIn(text)!;
  expect(link).toMatch(new RegExp(`^http://localhost:${h.port()}/dashboard/sign-in/link\\?token=`));
  expect(h.slack.callsTo('chat.postMessage').some((c) => JSON.stringify(c.args).includes(link))).toBe(false);
  expect(h.logs.join('\n')).not.toContain(new URL(link).searchParams.get('token')!);

  const cookie = await signInWith(link);
  const page = await accountPage(link, cookie);
  expect(page.status).toBe(200);
  expect(page.text).toContain('Signed in as <strong>Olivia Owner</strong> (olivia@example.com)');
  await expect(signInWith(link)).rejects.toThrow(/answered 410: .*already been used/s);
});

test('someone Slack gives no email for is told what to do instead of getting a link', async () => {
  const before = respondCalls().length;
  await h.command('UNOEMAIL', 'dashboard');
  await waitFor(() => respondCalls().length > before, 5000);
  const answer = respondCalls().at(-1)!.args;
  expect(answer.response_type).toBe('ephemeral');
  expect(String(answer.text)).toMatch(
    /^I could not find an email address for your account.*microapp dashboard link --as &lt;your email&gt;/,
  );
  expect(signInLinkIn(String(answer.text))).toBeUndefined();
});

test('help names the dashboard command', async () => {
  const help = await h.command('UOWNER', 'help');
  expect(help.text).toContain('`/microapp dashboard`: a sign-in link to the dashboard, only to you');
});
