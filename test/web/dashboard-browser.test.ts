import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchChromium, seriousViolations } from '../support/dashboard-browser';
import { HIDDEN_APP, startDashboardSite } from '../support/dashboard-site';
import { tmpdir } from 'node:os';

type Site = Awaited<ReturnType<typeof startDashboardSite>>;

/** Screenshots go to docs/screenshots when MICROAPP_SCREENSHOTS=docs (to refresh the docs), else to a temp folder. */
const SHOTS =
  process.env.MICROAPP_SCREENSHOTS === 'docs'
    ? join(__dirname, '../../docs/screenshots')
    : join(tmpdir(), 'dashboard-shots');

const VIEWS = [
  { name: 'estate', path: '/dashboard', heading: 'Estate' },
  { name: 'flow', path: '/dashboard/flow', heading: 'Flow' },
  { name: 'hygiene', path: '/dashboard/hygiene', heading: 'Hygiene' },
  { name: 'value', path: '/dashboard/value', heading: 'Value' },
  { name: 'my-apps', path: '/dashboard/mine', heading: 'My apps' },
];

describe('the dashboard in a browser', () => {
  let site: Site;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    [site, browser] = await Promise.all([startDashboardSite('sqlite'), launchChromium()]);
    await site.core.recertifyApp(
      'Inbox router',
      { platform: 'slack', userId: 'UOWNER' },
      { hoursSavedPerMonth: 30, users: 12 },
    );
  });
  afterAll(async () => {
    await browser?.close();
    await site?.stop();
  });

  const views = () => [...VIEWS, { name: 'app', path: `/dashboard/apps/${site.ownAppId}`, heading: 'Inbox router' }];

  test('each view loads with its styles, on a laptop and a phone, with no serious accessibility violation', async () => {
    const sizes = [
      { label: 'desktop', viewport: { width: 1280, height: 900 } },
      { label: 'phone', viewport: { width: 390, height: 844 } },
    ];
    for (const size of sizes) {
      const context = await browser.newContext({
        viewport: size.viewport,
        extraHTTPHeaders: { 'x-test-viewer': 'admin' },
      });
      const page = await context.newPage();
      const blocked: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') blocked.push(m.text());
      });
      for (const view of views()) {
        const res = await page.goto(site.url + view.path);
        expect([view.name, res?.status()]).toEqual([view.name, 200]);
        expect(await page.locator('h1').textContent()).toBe(view.heading);
        const background = await page.evaluate("getComputedStyle(document.querySelector('.top')).backgroundColor");
        expect(background).toBe('rgb(243, 245, 248)');
        await page.screenshot({ path: join(SHOTS, `dashboard-${view.name}-${size.label}.png`), fullPage: true });
      }
      expect(blocked).toEqual([]);
      await context.close();
    }
    const audit = await browser.newContext({ bypassCSP: true, extraHTTPHeaders: { 'x-test-viewer': 'admin' } });
    const page = await audit.newPage();
    for (const view of views()) {
      await page.goto(site.url + view.path);
      expect([view.name, await seriousViolations(page)]).toEqual([view.name, []]);
    }
    await audit.close();
  });

  test('the keyboard reaches the skip link first, and focus is visible', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-test-viewer': 'admin' } });
    const page = await context.newPage();
    await page.goto(`${site.url}/dashboard`);
    await page.keyboard.press('Tab');
    const skip = await page.evaluate<{ text: string; outline: string; width: string; left: number }>(`(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      return { text: el.textContent, outline: style.outlineStyle, width: style.outlineWidth, left: el.getBoundingClientRect().left };
    })()`);
    expect(skip).toEqual({ text: 'Skip to content', outline: 'solid', width: '3px', left: expect.any(Number) });
    expect(skip.left).toBeGreaterThanOrEqual(0);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const next = await page.evaluate(`(() => {
      const el = document.activeElement;
      return { tag: el.tagName, outline: getComputedStyle(el).outlineStyle, inMain: !!el.closest('main') };
    })()`);
    expect(next).toEqual({ tag: 'A', outline: 'solid', inMain: true });
    await context.close();
  });

  test('a table downloads as a CSV file', async () => {
    const context = await browser.newContext({ acceptDownloads: true });
    await context.addCookies([{ name: 'test-viewer', value: 'admin', url: site.url }]);
    const page = await context.newPage();
    await page.goto(`${site.url}/dashboard`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download “Every app by status” as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('estate-status.csv');
    const text = readFileSync((await download.path())!, 'utf8');
    expect(text).toBe('\ufeffStatus,Apps\r\nApproved,2\r\nWaiting for review,1\r\n');
    await context.close();
  });

  test('an owner sees only their own apps, and no data without a session', async () => {
    const context = await browser.newContext({ extraHTTPHeaders: { 'x-test-viewer': 'owner' } });
    const page = await context.newPage();
    await page.goto(`${site.url}/dashboard/mine`);
    const names = await page.locator('table tbody th').allInnerTexts();
    expect(names).toEqual(['Inbox router', 'Notes tidier']);
    expect(await page.content()).not.toContain(HIDDEN_APP.slice(-8));
    await page.screenshot({ path: join(SHOTS, 'dashboard-my-apps-owner.png') });
    await context.close();
    const anonymous = await browser.newContext();
    const res = await (await anonymous.newPage()).request.get(`${site.url}/dashboard`, { maxRedirects: 0 });
    expect([res.status(), res.headers().location]).toEqual([303, '/dashboard/sign-in']);
    await anonymous.close();
  });
});
