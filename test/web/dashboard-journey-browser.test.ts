import { readFile } from 'node:fs/promises';
import { describeInBrowser } from '../support/browser';
import { tier1 } from '../support/manifests';
import type { SignInBot } from '../support/sign-in-bot';
import { CLI, startSignInBot } from '../support/sign-in-bot';

describeInBrowser(
  'the dashboard end to end in chromium: a link from the bot, then the views each person may see',
  (browser) => {
    let b: SignInBot;
    beforeAll(async () => {
      b = await startSignInBot('sqlite');
      await b.runtime.core.submitRegistration(tier1({ name: 'Nora notes', owner: 'slack:UNOBODY' }), CLI);
      await b.runtime.core.submitRegistration(tier1({ name: 'Team inbox', owner: 'slack:UADMIN' }), CLI);
    });
    afterAll(() => b.close());

    const signIn = async (email: string, name: string) => {
      const opened = await browser.newPage();
      await opened.page.goto((await b.runtime.core.issueSignInLink(CLI, email)).url);
      await opened.page.getByRole('button', { name: `Continue as ${name}` }).click();
      await opened.page.waitForURL((u) => u.pathname === '/dashboard');
      return opened;
    };

    test('an admin signs in by link, sees the estate and downloads a table as CSV', async () => {
      const { page, close } = await signIn('admin@example.com', 'Ada Admin');
      try {
        expect(await page.locator('h1').first().textContent()).toBe('Estate');
        const main = (await page.locator('main').textContent()) ?? '';
        expect(main).toContain('Approved');
        const [download] = await Promise.all([
          page.waitForEvent('download'),
          page
            .getByRole('link', { name: /^Download .* as CSV$/ })
            .first()
            .click(),
        ]);
        expect(download.suggestedFilename()).toMatch(/^estate-.*\.csv$/);
        const csv = await readFile((await download.path())!, 'utf8');
        expect(csv.split('\n')[0]!.length).toBeGreaterThan(1);
        await page.goto(new URL('/dashboard/mine', page.url()).toString());
        expect((await page.locator('main').textContent()) ?? '').toContain('Team inbox');
      } finally {
        await close();
      }
    });

    test('an owner signs in by link and sees only their own apps; the estate-wide views show no figures', async () => {
      const { page, close } = await signIn('nobody@example.com', 'Nora Nobody');
      try {
        const estate = (await page.locator('main').textContent()) ?? '';
        expect(estate).toContain('This view covers every app');
        expect(estate).not.toContain('Team inbox');
        await page.getByRole('link', { name: 'My apps' }).first().click();
        await page.waitForURL((u) => u.pathname === '/dashboard/mine');
        const mine = (await page.locator('main').textContent()) ?? '';
        expect(mine).toContain('Nora notes');
        expect(mine).not.toContain('Team inbox');
        const other = await b.runtime.core.findApp('Team inbox');
        const response = await page.goto(new URL(`/dashboard/apps/${other!.id}`, page.url()).toString());
        expect(response!.status()).toBe(404);
      } finally {
        await close();
      }
    });
  },
);
