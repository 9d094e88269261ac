import { describeInBrowser } from '../support/browser';
import type { SignInBot } from '../support/sign-in-bot';
import { CLI, startSignInBot } from '../support/sign-in-bot';

describeInBrowser('dashboard sign-in in chromium', (browser) => {
  let b: SignInBot;
  beforeAll(async () => {
    b = await startSignInBot('sqlite');
  });
  afterAll(() => b.close());
  const link = async (email: string) => (await b.runtime.core.issueSignInLink(CLI, email)).url;

  test('sign in by link: Continue sets an HttpOnly cookie and opens the dashboard; sign-out ends the session', async () => {
    const { page, context, close } = await browser.newPage();
    try {
      const url = await link('admin@example.com');
      await page.goto(url);
      await page.getByRole('button', { name: 'Continue as Ada Admin' }).click();
      await page.waitForURL((u) => u.pathname === '/dashboard');
      const [cookie] = await context.cookies();
      expect(cookie).toMatchObject({ name: 'microapp_session', httpOnly: true, sameSite: 'Lax', secure: false });
      expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(7.9 * 3_600_000);

      await page.goto(new URL('/dashboard/account', url).toString());
      await expect(page.locator('main').textContent()).resolves.toContain('Signed in as Ada Admin (admin@example.com)');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.waitForURL((u) => u.pathname === '/dashboard/sign-in');
      await page.goto(new URL('/dashboard/account', url).toString());
      expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
    } finally {
      await close();
    }
  });

  test('no data without a session: the sign-in page says how to get a link', async () => {
    const { page, close } = await browser.newPage();
    try {
      const base = new URL(await link('nobody@example.com')).origin;
      await page.goto(`${base}/dashboard/account`);
      expect(new URL(page.url()).pathname).toBe('/dashboard/sign-in');
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('type /microapp dashboard in Slack');
      expect(text).not.toContain('@example.com');
    } finally {
      await close();
    }
  });

  test('a reused link is refused with how to get a new one', async () => {
    const { page, close } = await browser.newPage();
    try {
      const url = await link('nobody@example.com');
      await page.goto(url);
      await page.getByRole('button', { name: 'Continue as Nora Nobody' }).click();
      await page.waitForURL((u) => u.pathname === '/dashboard');
      const response = await page.goto(url);
      expect(response!.status()).toBe(410);
      const text = (await page.locator('main').textContent()) ?? '';
      expect(text).toContain('already been used');
      expect(text).toContain('/microapp dashboard');
      expect(await page.getByRole('button', { name: /Continue/ }).count()).toBe(0);
    } finally {
      await close();
    }
  });
});
