import { loadConfig } from '../../src/config/config';
import type { SignInBot } from '../support/sign-in-bot';
import { startSignInBot } from '../support/sign-in-bot';
import { startFakeOidc } from '../support/fake-oidc';
import type { FakeIdentity } from '../support/fake-oidc';

let b: SignInBot;
let idp: Awaited<ReturnType<typeof startFakeOidc>>;
const clock = { now: () => new Date() };
beforeAll(async () => {
  idp = await startFakeOidc({
    clientId: 'microapp-dashboard',
    clientSecret: 'fake-client-secret',
    now: () => clock.now(),
  });
  b = await startSignInBot('sqlite', {
    OIDC_ISSUER: idp.url,
    OIDC_CLIENT_ID: 'microapp-dashboard',
    OIDC_CLIENT_SECRET: 'fake-client-secret',
  });
  clock.now = () => b.state.now;
});
afterAll(async () => {
  await b.close();
  await idp.close();
});
beforeEach(() => b.advance(61_000));

/** The browser's trip: start → the provider's authorize → back to the callback with the flow cookie. */
async function singleSignOn(identity: FakeIdentity, bend: { cookie?: string; state?: string } = {}) {
  idp.signInAs(identity);
  const start = await fetch(`${b.base}/dashboard/sign-in/oidc`, { redirect: 'manual' });
  expect(start.status).toBe(303);
  const authorize = new URL(start.headers.get('location')!);
  const flowCookie = start.headers.get('set-cookie')!;
  const back = await fetch(authorize, { redirect: 'manual' });
  const callback = new URL(back.headers.get('location')!);
  if (bend.state) callback.searchParams.set('state', bend.state);
  const res = await fetch(callback, {
    redirect: 'manual',
    headers: { cookie: bend.cookie ?? flowCookie.split(';')[0]! },
  });
  return { res, authorize, flowCookie, text: await res.text() };
}

test('the sign-in page offers single sign-on; the code flow with PKCE signs a known person in', async () => {
  const page = await (await fetch(`${b.base}/dashboard/sign-in`)).text();
  expect(page).toContain(`<a class="button" href="/dashboard/sign-in/oidc">Sign in with 127.0.0.1</a>`);

  const { res, authorize, flowCookie } = await singleSignOn({ email: 'Admin@Example.com', emailVerified: true });
  expect(authorize.origin + authorize.pathname).toBe(`${idp.url}/authorize`);
  expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
    response_type: 'code',
    client_id: 'microapp-dashboard',
    redirect_uri: `${b.runtime.dashboardBase}/dashboard/sign-in/oidc/callback`,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
  });
  expect(authorize.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(authorize.searchParams.get('nonce')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(flowCookie).toMatch(
    /^microapp_oidc=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/dashboard\/sign-in\/oidc; Max-Age=600$/,
  );

  expect(res.status).toBe(303);
  expect(res.headers.get('location')).toBe('/dashboard');
  const cookies = res.headers.getSetCookie();
  expect(cookies[0]).toMatch(/^microapp_session=[A-Za-z0-9_-]{43}; HttpOnly; SameSite=Lax; Path=\/; Max-Age=28800$/);
  expect(cookies[1]).toMatch(/^microapp_oidc=; .*Max-Age=0/);
  const me = await fetch(`${b.base}/dashboard/account`, { headers: { cookie: cookies[0]!.split(';')[0]! } });
  expect(await me.text()).toContain('Signed in as <strong>Ada Admin</strong> (admin@example.com)');
});

test.each([
  ['a wrong audience', { aud: 'another-app' }, 'made for another application'],
  ['a wrong issuer', { iss: 'https://evil.example' }, 'comes from another issuer'],
  ['a bad nonce', { nonce: 'not-this-one' }, 'its nonce differs'],
  ['an expired token', { expiresInS: -120 }, 'has expired'],
  ['a key the provider does not publish', { foreignKey: true }, 'could not be verified'],
  ['an unverified email', { emailVerified: false }, 'has not verified admin@example.com'],
  ['an email the directory does not know', { email: 'intruder@example.com' }, 'is not known to microapp'],
])('an ID token with %s is refused, and no session starts', async (_what, bent, words) => {
  const { res, text } = await singleSignOn({ email: 'admin@example.com', ...bent });
  expect(res.status).toBe(403);
  expect(text).toContain(words);
  expect(res.headers.getSetCookie().some((c) => c.startsWith('microapp_session='))).toBe(false);
});

test('a callback without the flow cookie, or with another state, is refused before the code is exchanged', async () => {
  const before = idp.tokenRequests();
  for (const bend of [{ cookie: 'microapp_oidc=' }, { state: 'forged-state' }]) {
    const { res, text } = await singleSignOn({ email: 'admin@example.com' }, bend);
    expect(res.status).toBe(400);
    expect(text).toContain('Start it again from the sign-in page');
  }
  expect(idp.tokenRequests()).toBe(before);
});

test('an error from the provider is shown in plain words', async () => {
  const res = await fetch(
    `${b.base}/dashboard/sign-in/oidc/callback?error=access_denied&error_description=The+user+cancelled`,
  );
  expect(res.status).toBe(403);
  expect(await res.text()).toContain('The sign-in provider said: access_denied (The user cancelled)');
});

test('callbacks count as sign-in attempts: the 11th in a minute gets 429', async () => {
  for (let i = 0; i < 10; i++)
    expect((await fetch(`${b.base}/dashboard/sign-in/oidc/callback?state=x`)).status).toBe(400);
  expect((await fetch(`${b.base}/dashboard/sign-in/oidc/callback?state=x`)).status).toBe(429);
});

test('OIDC settings go together, the issuer must be https (http only on loopback), and the secret is kept out of logs', () => {
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
      return [];
    } catch (error) {
      return (error as { details: { problems: string[] } }).details.problems;
    }
  };
  expect(problemsOf({ OIDC_ISSUER: 'https://accounts.google.com' })).toEqual([
    expect.stringMatching(
      /^OIDC_CLIENT_ID is needed too: single sign-on needs OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET together/,
    ),
    expect.stringMatching(/^OIDC_CLIENT_SECRET is needed too/),
  ]);
  expect(problemsOf({ OIDC_ISSUER: 'http://idp.example.com', OIDC_CLIENT_ID: 'a', OIDC_CLIENT_SECRET: 'b' })).toEqual([
    expect.stringMatching(/^OIDC_ISSUER must be an https URL/),
  ]);
  const config = loadConfig({
    OIDC_ISSUER: 'https://accounts.google.com',
    OIDC_CLIENT_ID: 'a',
    OIDC_CLIENT_SECRET: 's3cret-value',
  });
  expect(config.oidc).toEqual({ issuer: 'https://accounts.google.com', clientId: 'a', clientSecret: 's3cret-value' });
  expect(config.secrets).toContain('s3cret-value');
});
