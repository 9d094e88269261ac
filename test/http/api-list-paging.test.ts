import { once } from 'node:events';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { seedApps } from '../../bench/seed-apps';
import { MAX_PAGE } from '../../src/app/queries/list-apps';
import { openDatabase } from '../../src/store/open-database';
import { startApiSite } from '../support/api-site';
import { DIALECTS } from '../support/test-databases';

/** Enough apps that the whole list as JSON is many MiB, while one page is a small part of it. */
const APPS = 30_000;
/** Events in a page of an app's audit log (the API's fixed page; there is no limit to ask for more). */
const AUDIT_PAGE = 200;
const MiB = 1024 * 1024;
/** Audit events of one app, five of the API's fixed pages. */
const EVENTS = 5 * AUDIT_PAGE;
/** The first seeded app's id (see seedApps). */
const FIRST_APP = '00000000-0000-4000-a000-000000000000';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Heap in use after a full collection, so what is measured is what is still held. */
function heldHeap(): number {
  gc();
  return process.memoryUsage().heapUsed;
}

/** A GET over its own connection whose reader takes the first chunk and then reads nothing until `resume`. */
async function stalledGet(url: string, token: string) {
  const req = request(url, { agent: false, headers: { authorization: `Bearer ${token}` } });
  req.end();
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) =>
    res.once('data', (chunk: Buffer) => {
      res.pause();
      chunks.push(chunk);
      resolve();
    }),
  );
  return {
    status: res.statusCode,
    received: () => chunks.reduce((n, c) => n + c.length, 0),
    async resume(): Promise<string> {
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.resume();
      await once(res, 'end');
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`the API's lists on a registry of ${APPS} apps on ${dialect}`, () => {
    let site: Awaited<ReturnType<typeof startApiSite>>;
    let token: string;
    let rowsRead: number;
    const get = async (path: string) => {
      const res = await fetch(`${site.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, text: await res.text() };
    };
    beforeAll(async () => {
      site = await startApiSite('2026-12-07T10:00:00.000Z', dialect);
      const db = openDatabase(site.t.registry.target);
      try {
        await seedApps(db, APPS);
      } finally {
        await db.destroy();
      }
      await site.t.registry.transaction((tx) =>
        tx.audit.append(
          Array.from({ length: EVENTS }, (_, n) => ({
            actor: { platform: 'cli' as const, userId: 'admin' },
            action: 'app.updated',
            targetType: 'app' as const,
            targetId: FIRST_APP,
            outcome: 'success' as const,
            details: { n },
          })),
          '2026-12-07T09:00:00.000Z',
        ),
      );
      const audit = site.t.registry.audit;
      const eventsOfApp = audit.eventsOfApp.bind(audit);
      audit.eventsOfApp = async (...args) => {
        const events = await eventsOfApp(...args);
        rowsRead += events.length;
        return events;
      };
      const apps = site.t.registry.apps;
      const list = apps.list.bind(apps);
      apps.list = async (query) => {
        const page = await list(query);
        rowsRead += page.apps.length;
        return page;
      };
      token = (await site.t.core.issueApiToken('dashboards', ['read'], { platform: 'cli', userId: 'admin' })).token;
    }, 60_000);
    afterAll(() => site?.close());
    beforeEach(() => {
      rowsRead = 0;
    });

    test.each(['0', String(MAX_PAGE + 1), '500', '9999', '100000', 'all'])(
      'limit=%s is refused with a 400 that names the range and how to get more',
      async (limit) => {
        const res = await get(`/apps?limit=${limit}`);
        expect(res.status).toBe(400);
        expect(JSON.parse(res.text)).toMatchObject({
          type: 'urn:microapp:problem:bad_query',
          detail: `limit must be a whole number from 1 to ${MAX_PAGE}, like 50; for more apps, ask for the next page with the next of this one.`,
        });
        expect(rowsRead).toBe(0);
      },
    );

    test('the largest page, read by a reader that stalls, is all the server reads and holds; resumed, it is whole', async () => {
      const prompt = await get(`/apps?limit=${MAX_PAGE}`);
      expect(prompt.status).toBe(200);
      expect(JSON.parse(prompt.text).apps).toHaveLength(MAX_PAGE);
      rowsRead = 0;

      const before = heldHeap();
      const reader = await stalledGet(`${site.url}/api/v1/apps?limit=${MAX_PAGE}`, token);
      expect(reader.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const grown = heldHeap() - before;
      expect(reader.received()).toBeLessThan(prompt.text.length);
      expect(rowsRead).toBeLessThanOrEqual(MAX_PAGE + 1);
      expect(grown).toBeLessThan(2 * MiB);

      expect(await reader.resume()).toBe(prompt.text);
      expect(rowsRead).toBeLessThanOrEqual(MAX_PAGE + 1);
    });

    test(`following next walks the whole registry, each app once, ${MAX_PAGE} at a time`, async () => {
      const ids = new Set<string>();
      let bytes = 0;
      let pages = 0;
      for (let next: string | null = ''; next !== null; pages++) {
        const res = await get(`/apps?limit=${MAX_PAGE}${next ? `&next=${encodeURIComponent(next)}` : ''}`);
        expect(res.status).toBe(200);
        const page = JSON.parse(res.text) as { apps: { id: string }[]; next: string | null };
        expect(page.apps.length).toBeLessThanOrEqual(MAX_PAGE);
        for (const app of page.apps) ids.add(app.id);
        bytes += res.text.length;
        next = page.next;
      }
      expect(ids.size).toBe(APPS);
      expect(pages).toBe(Math.ceil(APPS / MAX_PAGE));
      expect(bytes).toBeGreaterThan(8 * MiB);
    }, 30_000);

    test(`an app's audit events come ${AUDIT_PAGE} a page whatever the query asks; a stalled reader makes the server read that page only`, async () => {
      const path = `/apps/${FIRST_APP}/audit?limit=100000`;
      const prompt = await get(path);
      expect(prompt.status).toBe(200);
      expect(JSON.parse(prompt.text).events).toHaveLength(AUDIT_PAGE);
      rowsRead = 0;

      const reader = await stalledGet(`${site.url}/api/v1${path}`, token);
      expect(reader.status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(rowsRead).toBeLessThanOrEqual(AUDIT_PAGE + 1);
      expect(await reader.resume()).toBe(prompt.text);

      const seen: number[] = [];
      for (let next: string | null = '0'; next !== null; ) {
        const res = await get(`/apps/${FIRST_APP}/audit?after=${next}`);
        const page = JSON.parse(res.text) as { events: { seq: number }[]; next: string | null };
        expect(page.events.length).toBeLessThanOrEqual(AUDIT_PAGE);
        seen.push(...page.events.map((e) => e.seq));
        next = page.next;
      }
      expect(seen).toHaveLength(EVENTS);
      expect(new Set(seen).size).toBe(EVENTS);
    });
  });
}
