/** The first dashboard sign-in link in a text, as the bot writes it. */
export function signInLinkIn(text: string): string | undefined {
  return /(https?:\/\/[^\s/]+\/dashboard\/sign-in\/link\?token=[A-Za-z0-9_-]{43})/.exec(text)?.[1];
}

/**
 * Follows a sign-in link like a browser: GET (the Continue page), then POST its form. Returns the
 * session cookie, or throws with what the bot answered.
 */
export async function signInWith(link: string): Promise<string> {
  const page = await fetch(link);
  if (page.status !== 200) throw new Error(`the link page answered ${page.status}: ${await page.text()}`);
  const token = /name="token" value="([^"]+)"/.exec(await page.text())?.[1];
  const used = await fetch(new URL('/dashboard/sign-in/link', link), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token: token ?? '' }).toString(),
  });
  if (used.status !== 303) throw new Error(`using the link answered ${used.status}: ${await used.text()}`);
  return used.headers.get('set-cookie')!.split(';')[0]!;
}

/** The account page's text for a session cookie, at the link's host. */
export async function accountPage(link: string, cookie: string): Promise<{ status: number; text: string }> {
  const res = await fetch(new URL('/dashboard/account', link), { redirect: 'manual', headers: { cookie } });
  return { status: res.status, text: await res.text() };
}
