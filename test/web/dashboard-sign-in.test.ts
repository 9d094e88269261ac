import { hashWebSecret } from '../../src/domain/web-secret';
import { DIALECTS } from '../support/test-databases';
import type { SignInBot } from '../support/sign-in-bot';
import { CLI, startSignInBot } from '../support/sign-in-bot';

const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
});
const cookieFrom = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

for (const dialect of DIALECTS) {
  describe(`dashboard sign-in on ${dialect}`, () => {
    let b: SignInBot;
    beforeAll(async () => {
      b = await startSignInBot(dialect);
    });
    afterAll(() => b.close());
    // Each test starts in a new rate-limit window (the limit's windows follow the bot's clock).
    beforeEach(() => b.advance(61_000));

    const use = (token: string, headers?: Record<string, string>) =>
      fetch(`${b.base}/dashboard/sign-in/link`, form({ token }, headers));
    const account = (cookie?: string) =>
      fetch(`${b.base}/dashboard/account`, { redirect: 'manual', headers: cookie ? { cookie } : {} });

    test('a link: GET shows "Continue as" and does not use it; the POST sets the session cookie; the viewer is resolved', async () => {
      const token = await b.token('Admin@Example.com');
      const stored = await b.runtime.registry.read((tx) => tx.webAccess.findLink(hashWebSecret(token)));
      expect(stored).toMatchObject({ email: 'admin@example.com', expiresAt: '2026-12-08T09:16:01.000Z' });
      expect(await b.runtime.registry.read((tx) => tx.webAccess.findLink(token))).toBeUndefined();

      for (let i = 0; i < 2; i++) {
        const page = await fetch(`${b.base}/dashboard/sign-in/link?token=${token}`);
        expect(page.status).toBe(200);
        expect(page.headers.get('set-cookie')).toBeNull();
        expect(page.headers.get('referrer-policy')).toBe('no-referrer');
        expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
        const text = await page.text();
        expect(text).toContain('Continue as Ada Admin');
        expect(text).toContain(`<input type="hidden" name="token" value="${token}">`);
      }
      const used = await use(token);
      expect(used.status).toBe(303);
      expect(used.headers.get('location')).toBe('/dashboard');
      const setCookie = used.headers.get('set-cookie')!;
      expect(setCookie).toMatch(/^microapp_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=28800$/);
      const me = await account(cookieFrom(used));
      expect(me.status).toBe(200);
      const text = await me.text();
      expect(text).toContain('Signed in as <strong>Ada Admin</strong> (admin@example.com)');
      expect(text).toContain('you see every app');
    });

    test('a used link is refused, to the GET and the POST, with how to get a new one', async () => {
      const token = await b.token('nobody@example.com');
      expect((await use(token)).status).toBe(303);
      for (const res of [await use(token), await fetch(`${b.base}/dashboard/sign-in/link?token=${token}`)]) {
        expect(res.status).toBe(410);
        expect(res.headers.get('set-cookie')).toBeNull();
        const text = await res.text();
        expect(text).toContain('already been used');
        expect(text).toContain('/microapp dashboard');
      }
    });

    test('two uses of one link at once: exactly one session', async () => {
      const token = await b.token('nobody@example.com');
      const statuses = (await Promise.all([use(token), use(token), use(token)])).map((r) => r.status).sort();
      expect(statuses).toEqual([303, 410, 410]);
    });

    test('an expired link is refused; a tampered or malformed one too', async () => {
      const token = await b.token('nobody@example.com');
      b.advance(15 * 60_000);
      const expired = await use(token);
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain('has expired');

      const fresh = await b.token('nobody@example.com');
      const tampered = `${fresh.slice(0, 10)}${fresh[10] === 'A' ? 'B' : 'A'}${fresh.slice(11)}`;
      for (const bad of [tampered, 'abc', `${fresh}x`, '']) {
        const res = await use(bad);
        expect(res.status).toBe(410);
        expect(await res.text()).toContain('not one I issued');
      }
      expect((await use(fresh)).status).toBe(303);
    });

    test('no session, a forged cookie or an expired session: sent to the sign-in page, which shows no data', async () => {
      for (const cookie of [undefined, `microapp_session=${'A'.repeat(43)}`, 'microapp_session=<script>']) {
        const res = await account(cookie);
        expect(res.status).toBe(303);
        expect(res.headers.get('location')).toBe('/dashboard/sign-in');
      }
      const page = await fetch(`${b.base}/dashboard/sign-in`);
      expect(page.status).toBe(200);
      const text = await page.text();
      expect(text).toContain('<kbd>/microapp dashboard</kbd>');
      expect(text).not.toContain('Sign in with');
      expect(text).not.toMatch(/@example\.com/);

      const cookie = cookieFrom(await use(await b.token('nobody@example.com')));
      b.advance(8 * 3_600_000 - 1_000);
      expect((await account(cookie)).status).toBe(200);
      b.advance(1_000);
      expect((await account(cookie)).status).toBe(303);
    });

    test('someone without a reviewer role sees only their own apps; an email in a role counts', async () => {
      const me = await account(cookieFrom(await use(await b.token('nobody@example.com'))));
      expect(await me.text()).toContain('You see the apps you own, back up or submitted.');
      b.advance(61_000);
      const viewer = await b.runtime.core.sessionViewer(
        (await b.runtime.core.redeemSignInLink(await b.token('reviewer@example.com'))).sessionId,
      );
      expect(viewer).toMatchObject({ email: 'reviewer@example.com', seesAll: true, refs: ['reviewer@example.com'] });
      const nora = await b.runtime.core.sessionViewer(
        (await b.runtime.core.redeemSignInLink(await b.token('nobody@example.com'))).sessionId,
      );
      expect(nora).toMatchObject({ name: 'Nora Nobody', seesAll: false });
      expect(nora!.refs.sort()).toEqual(['nobody@example.com', 'slack:UNOBODY']);
    });

    test('sign-ins are audited without the token; names are escaped; a deactivated person loses their session', async () => {
      await b.runtime.directory.remember({
        ref: 'slack:UEVE',
        email: 'eve@example.com',
        displayName: '<img src=x onerror=alert(1)>',
        active: true,
      });
      const token = await b.token('eve@example.com');
      const page = await (await fetch(`${b.base}/dashboard/sign-in/link?token=${token}`)).text();
      expect(page).toContain('Continue as &lt;img src=x onerror=alert(1)&gt;');
      expect(page).not.toContain('<img');
      const cookie = cookieFrom(await use(token));
      expect((await account(cookie)).status).toBe(200);

      const events = await b.runtime.registry.audit.events(0, 1000);
      const mine = events.filter((e) => e.targetId === 'eve@example.com');
      expect(mine.map((e) => [e.action, e.targetType])).toEqual([
        ['dashboard.sign_in_issued', 'person'],
        ['dashboard.signed_in', 'person'],
      ]);
      expect(JSON.stringify(events)).not.toContain(token);
      expect(JSON.stringify(events)).not.toContain(cookie.split('=')[1]);

      await b.runtime.registry.people.deactivate('eve@example.com', b.state.now.toISOString());
      b.advance(61_000);
      expect((await account(cookie)).status).toBe(303);
    });

    test('sign-out needs the form token and a same-site form; then the old cookie no longer works', async () => {
      const cookie = cookieFrom(await use(await b.token('nobody@example.com')));
      const page = await (await account(cookie)).text();
      const csrf = /name="csrf" value="([^"]+)"/.exec(page)![1]!;
      const signOut = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
        fetch(`${b.base}/dashboard/sign-out`, form(fields, { cookie, ...headers }));

      expect((await signOut({})).status).toBe(403);
      expect((await signOut({ csrf: `${csrf}x` })).status).toBe(403);
      const crossSite = await signOut({ csrf }, { origin: 'https://evil.example' });
      expect(crossSite.status).toBe(403);
      expect(await crossSite.text()).toContain('came from another site');
      expect((await signOut({ csrf }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await account(cookie)).status).toBe(200);

      const out = await signOut({ csrf }, { origin: b.base, 'sec-fetch-site': 'same-origin' });
      expect(out.status).toBe(303);
      expect(out.headers.get('location')).toBe('/dashboard/sign-in');
      expect(out.headers.get('set-cookie')).toMatch(/^microapp_session=; .*Max-Age=0/);
      expect((await account(cookie)).status).toBe(303);
    });

    test('a link form from another site (Sec-Fetch-Site, else Origin) is refused before the link is used', async () => {
      const token = await b.token('nobody@example.com');
      expect((await use(token, { origin: 'https://evil.example' })).status).toBe(403);
      expect((await use(token, { origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
      expect((await use(token, { origin: 'https://evil.example', 'sec-fetch-site': 'same-site' })).status).toBe(403);
      // Under Referrer-Policy: no-referrer a browser's own form says Origin: null; Sec-Fetch-Site decides.
      expect((await use(token, { origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    });

    test('sign-in attempts are limited to 10 a minute per address: then 429 with a page and Retry-After', async () => {
      for (let i = 0; i < 10; i++) expect((await use('not-a-token')).status).toBe(410);
      const limited = await use(await b.token('nobody@example.com'));
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await limited.text()).toContain('too many sign-in attempts');
      b.advance(60_000);
      expect((await use('not-a-token')).status).toBe(410);
    });
  });
}

describe('dashboard sign-in behind https (PUBLIC_URL)', () => {
  let b: SignInBot;
  beforeAll(async () => {
    b = await startSignInBot('sqlite', { PUBLIC_URL: 'https://dash.example.com' });
  });
  afterAll(() => b.close());

  test('links point at PUBLIC_URL; the cookie is Secure with the __Host- prefix; forms from PUBLIC_URL pass', async () => {
    const issued = await b.runtime.core.issueSignInLink(CLI, 'admin@example.com');
    expect(issued.url).toMatch(/^https:\/\/dash\.example\.com\/dashboard\/sign-in\/link\?token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(issued.url).searchParams.get('token')!;
    const used = await fetch(
      `${b.base}/dashboard/sign-in/link`,
      form({ token }, { origin: 'https://dash.example.com', 'sec-fetch-site': 'same-origin' }),
    );
    expect(used.status).toBe(303);
    expect(used.headers.get('set-cookie')).toMatch(
      /^__Host-microapp_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=28800; Secure$/,
    );
    const me = await fetch(`${b.base}/dashboard/account`, { headers: { cookie: cookieFrom(used) } });
    expect(me.status).toBe(200);
    const plain = await fetch(`${b.base}/dashboard/account`, {
      redirect: 'manual',
      headers: { cookie: cookieFrom(used).replace('__Host-', '') },
    });
    expect(plain.status).toBe(303);
  });
});

describe('dashboard sign-in behind one load balancer (TRUSTED_PROXY_HOPS=1)', () => {
  let b: SignInBot;
  beforeAll(async () => {
    b = await startSignInBot('sqlite', { TRUSTED_PROXY_HOPS: '1' });
  });
  afterAll(() => b.close());

  const from = (client: string, spoofed = '') =>
    fetch(
      `${b.base}/dashboard/sign-in/link`,
      form({ token: 'not-a-token' }, { 'x-forwarded-for': `${spoofed}${client}` }),
    );

  test('attempts count per client address the proxy saw, whatever the client wrote before it', async () => {
    for (let i = 0; i < 10; i++) expect((await from('203.0.113.7', `198.51.100.${i}, `)).status).toBe(410);
    expect((await from('203.0.113.7', '198.51.100.99, ')).status).toBe(429);
    expect((await from('203.0.113.8')).status).toBe(410);
  });
});
