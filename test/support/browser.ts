import { existsSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

/** Where Debian's chromium is: CHROMIUM_PATH, else /usr/bin/chromium; undefined when neither exists. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium'].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p));
}

/** A fresh browser context (its own cookies) and a page in it. */
export interface BrowserPage {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

/** What a browser suite's body gets: a new page in its own context (no shared cookies). */
export interface BrowserSuite {
  newPage(): Promise<BrowserPage>;
}

/**
 * A `describe` whose tests drive a headless chromium (playwright-core, launched once for the suite).
 * Without chromium the suite is skipped with a message saying how to get it, except in CI
 * (CI=true), where a missing chromium fails the run.
 */
export function describeInBrowser(name: string, body: (suite: BrowserSuite) => void): void {
  const executablePath = chromiumPath();
  if (!executablePath) {
    if (process.env.CI === 'true')
      throw new Error('chromium is missing: install it (apt-get install chromium) or set CHROMIUM_PATH');
    console.warn(`${name}: skipped, no chromium found (apt-get install chromium, or set CHROMIUM_PATH)`);
    describe.skip(name, () => body({ newPage: () => Promise.reject(new Error('no chromium')) }));
    return;
  }
  describe(name, () => {
    let browser: Browser | undefined;
    beforeAll(async () => {
      browser = await chromium.launch({ executablePath });
    });
    afterAll(async () => {
      await browser?.close();
    });
    body({
      async newPage() {
        const context = await browser!.newContext();
        const page = await context.newPage();
        return { page, context, close: () => context.close() };
      },
    });
  });
}
