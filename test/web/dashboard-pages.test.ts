import { csvRecords } from '../../src/domain/csv-rows';
import { DIALECTS } from '../support/test-databases';
import { FORMULA, HIDDEN_APP, startDashboardSite } from '../support/dashboard-site';

type Site = Awaited<ReturnType<typeof startDashboardSite>>;

const get = async (site: Site, path: string, viewer?: string) => {
  const res = await fetch(site.url + path, {
    headers: viewer ? { 'x-test-viewer': viewer } : {},
    redirect: 'manual',
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
};

/** The text of a table's row (its cells joined by |), from the page's HTML. */
const rowsOf = (page: string, caption: string): string[] => {
  const table = page.split('<table').find((t) => t.includes(`<caption>${caption}</caption>`));
  if (!table) throw new Error(`no table "${caption}"`);
  const body = table.split('<tbody>')[1]!.split('</tbody>')[0]!;
  return [...body.matchAll(/<tr>(.*?)<\/tr>/gs)].map((m) =>
    [...m[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((c) => c[1]!.replace(/<[^>]+>/g, '')).join('|'),
  );
};

for (const dialect of DIALECTS) {
  describe(`dashboard pages on ${dialect}`, () => {
    let site: Site;
    beforeAll(async () => {
      site = await startDashboardSite(dialect);
    });
    afterAll(() => site.stop());

    test('without a session every page sends the person to sign in, and shows nothing', async () => {
      for (const path of [
        '/dashboard',
        '/dashboard/flow',
        '/dashboard/hygiene',
        '/dashboard/mine',
        `/dashboard/apps/${site.ownAppId}`,
      ]) {
        const res = await get(site, path);
        expect([path, res.status, res.headers.get('location')]).toEqual([path, 303, '/dashboard/sign-in']);
        expect(res.text).toBe('');
      }
    });

    test('the estate shows the seeded registry in figures, under a strict Content-Security-Policy', async () => {
      const res = await get(site, '/dashboard', 'admin');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(res.headers.get('content-security-policy')).toContain("style-src 'self'");
      expect(rowsOf(res.text, 'Every app by status')).toEqual(['Approved|2', 'Waiting for review|1']);
      expect(rowsOf(res.text, 'Apps that may be running, by risk tier')).toEqual([
        'Tier 1 (low risk)|1',
        'Tier 2 (medium risk)|1',
        'Tier 3 (high risk)|1',
      ]);
      expect(rowsOf(res.text, 'Apps that may be running, by data classification')).toEqual([
        'Public|0',
        'Internal|2',
        'Confidential|1',
        'Regulated|0',
      ]);
      expect(rowsOf(res.text, 'Apps that may be running, by data type handled')).toContain('Customer data|1');
      expect(rowsOf(res.text, 'Systems apps that may be running reach')).toEqual(['Salesforce|1|0']);
      expect(res.text).toContain('<svg class="chart" role="img"');
      expect(res.text).toContain('<form class="sign-out" method="post" action="/dashboard/sign-out">');
      expect(res.text).toContain('name="csrf" value="csrf-admin"');
    });

    test('the hygiene view counts what live manifests declare', async () => {
      const res = await get(site, '/dashboard/hygiene', 'admin');
      expect(rowsOf(res.text, 'Apps that may be running, by what they declare')).toEqual([
        'Logging|2|67%',
        'A retention period|1|33%',
        'A backup owner|2|67%',
        'A health endpoint|1|33%',
      ]);
      expect(rowsOf(res.text, 'Approved apps by health, as their health endpoints last answered')).toEqual([
        'Healthy|0',
        'Degraded|0',
        'Failing|0',
      ]);
      const tidier = (await site.registry.read((tx) => tx.apps.findByName('Notes tidier')))!;
      await site.registry.transaction((tx) =>
        tx.health.save({
          appId: tidier.id,
          status: 'failing',
          since: '2026-12-07T09:00:00.000Z',
          lastCheckedAt: '2026-12-07T09:30:00.000Z',
          consecutiveFailures: 3,
          lastError: 'answered 503',
        }),
      );
      const after = await get(site, '/dashboard/hygiene', 'admin');
      expect(rowsOf(after.text, 'Approved apps by health, as their health endpoints last answered')).toContain(
        'Failing|1',
      );
      expect(rowsOf(after.text, 'Approved apps that are not healthy now')).toEqual([
        expect.stringMatching(/^Notes tidier\|Failing\|7 Dec 2026, \d\d:\d\d.*\|3\|answered 503$/),
      ]);
    });

    test('the value view ranks apps by what owners say they save, and flags high-risk apps of little value', async () => {
      expect(
        rowsOf((await get(site, '/dashboard/value', 'admin')).text, 'Apps by hours saved a month, most first'),
      ).toEqual(['No owner has answered the value questions yet; they are asked at re-certification.']);
      const apps = await site.registry.read(async (tx) => ({
        tidier: (await tx.apps.findByName('Notes tidier'))!,
        big: (await tx.apps.findByName(HIDDEN_APP))!,
      }));
      await site.registry.transaction(async (tx) => {
        await tx.values.record({
          appId: apps.tidier.id,
          revisionId: apps.tidier.currentRevisionId,
          hoursSavedPerMonth: 12,
          users: 1,
          answeredBy: 'olivia@example.com',
          answeredAt: '2026-12-01T10:00:00.000Z',
        });
        await tx.values.record({
          appId: apps.big.id,
          revisionId: apps.big.currentRevisionId,
          hoursSavedPerMonth: 2,
          users: 3,
          answeredBy: 'olivia@example.com',
          answeredAt: '2026-12-02T10:00:00.000Z',
        });
      });
      const page = (await get(site, '/dashboard/value', 'admin')).text;
      const escaped = '&lt;script&gt;alert(1)&lt;/script&gt; renewals';
      expect(
        rowsOf(page, 'Apps by hours saved a month, most first').map((r) => r.split('|').slice(0, 4).join('|')),
      ).toEqual(['Notes tidier|1|12|1', `${escaped}|${apps.big.tier}|2|3`]);
      expect(page).toContain('together they save about <strong>14</strong> hours a month');
      const candidates = rowsOf(
        page,
        'Candidates to retire: tier 3 apps saving under 5 hours a month for fewer than 5 people',
      );
      expect(apps.big.tier).toBe(3);
      expect(candidates.map((r) => r.split('|')[0])).toEqual([escaped]);
      expect((await get(site, '/dashboard/value', 'owner')).text).not.toContain('renewals');
    });

    test('the flow view lists the waiting review and the open incident', async () => {
      const res = await get(site, '/dashboard/flow', 'admin');
      expect(rowsOf(res.text, 'Reviews waiting, by tier')).toEqual(['Tier 3 (high risk)|1|0|No target set']);
      expect(rowsOf(res.text, 'Median time from review to decision, by tier')).toEqual([
        'Tier 2 (medium risk)|1|0 minutes|1|0 minutes',
      ]);
      expect(rowsOf(res.text, 'Open incidents')[0]).toContain(
        '=HYPERLINK(&quot;http://evil.example&quot;,&quot;x&quot;)',
      );
    });

    test('an app named like a script is escaped everywhere it is shown', async () => {
      for (const path of ['/dashboard/flow', `/dashboard/apps/${site.hiddenAppId}`]) {
        const res = await get(site, path, 'admin');
        expect(res.status).toBe(200);
        expect(res.text).not.toContain('<script>');
        expect(res.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt; renewals');
      }
    });

    test('a table downloads as CSV with formulas defused', async () => {
      const res = await get(site, '/dashboard/flow?format=csv&table=incidents', 'admin');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="flow-incidents.csv"');
      const records = csvRecords(res.text).map((r) => r.cells);
      expect(records[0]).toEqual(['App', 'What happened', 'Opened', 'Acknowledged']);
      expect(records[1]!.slice(0, 2)).toEqual([HIDDEN_APP, `'${FORMULA}`]);
      const unknown = await get(site, '/dashboard/flow?format=csv&table=nope', 'admin');
      expect(unknown.status).toBe(404);
      expect(unknown.text).toContain('one of: waiting, oldest, decisions, exceptions, expiring, ownerless, incidents');
    });

    test('an owner sees their own apps and never another person’s, in any page or CSV', async () => {
      const mine = await get(site, '/dashboard/mine', 'owner');
      expect(rowsOf(mine.text, 'Your apps').map((r) => r.split('|').slice(0, 4).join('|'))).toEqual([
        'Inbox router|Approved|Tier 2 (medium risk)|Olivia Owner &lt;olivia@example.com&gt;',
        'Notes tidier|Approved|Tier 1 (low risk)|Olivia Owner &lt;olivia@example.com&gt;',
      ]);
      const own = await get(site, `/dashboard/apps/${site.ownAppId}`, 'owner');
      expect(own.status).toBe(200);
      expect(own.text).toContain('Inbox router');
      const pages = [
        '/dashboard',
        '/dashboard/flow',
        '/dashboard/hygiene',
        '/dashboard/mine',
        '/dashboard/mine?format=csv&table=apps',
        '/dashboard/flow?format=csv&table=incidents',
        '/dashboard?format=csv&table=status',
        `/dashboard/apps/${site.ownAppId}`,
        `/dashboard/apps/${site.ownAppId}?format=csv&table=audit`,
      ];
      for (const path of pages) {
        const res = await get(site, path, 'owner');
        expect([path, ...['renewals', 'Salesforce', 'Sam Stranger'].map((s) => res.text.includes(s))]).toEqual([
          path,
          false,
          false,
          false,
        ]);
      }
      const wide = await get(site, '/dashboard', 'owner');
      expect(wide.text).toContain('This view covers every app');
      expect(wide.text).toContain('href="/dashboard/mine"');
    });

    test('someone else’s app id answers 404, like an id that does not exist', async () => {
      const other = await get(site, `/dashboard/apps/${site.hiddenAppId}`, 'owner');
      const none = await get(site, '/dashboard/apps/00000000-0000-4000-8000-000000000000', 'owner');
      expect([other.status, none.status]).toEqual([404, 404]);
      expect(other.text).toBe(none.text);
      expect((await get(site, '/dashboard/apps/%E0%A4%A', 'owner')).status).toBe(404);
    });

    test('an app page shows its revisions and audit events', async () => {
      const res = await get(site, `/dashboard/apps/${site.ownAppId}`, 'admin');
      expect(rowsOf(res.text, 'Revisions of Inbox router')).toHaveLength(1);
      expect(rowsOf(res.text, 'What happened to Inbox router, newest first').length).toBeGreaterThanOrEqual(2);
      expect(res.text).toContain('Dates and times are in UTC.');
    });

    test('the stylesheet is served', async () => {
      const res = await get(site, '/dashboard/style.css');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
      expect(res.text).toContain(':focus-visible');
    });
  });
}
