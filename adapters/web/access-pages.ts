import type { SafeHtml } from './html';
import { html } from './html';
import type { Viewer } from './viewer';

/** The frame of the sign-in pages: a title, the stylesheet, and the content; no data of the registry. */
export function accessPage(title: string, body: SafeHtml): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · microapp</title>
<link rel="stylesheet" href="/dashboard/style.css">
</head>
<body>
<main class="access">
<h1>${title}</h1>
${body}
</main>
</body>
</html>
`;
}

/** How to get a link, as the sign-in page and every refusal say it. */
const HOW_TO_GET_A_LINK = html`<p>To get a sign-in link, type <kbd>/microapp dashboard</kbd> in Slack, or send <kbd>dashboard</kbd> to the microapp bot in Teams. The bot answers only you, with a link that works once within 15 minutes.</p>`;

/** `GET /dashboard/sign-in`: how to sign in, and the single sign-on button when one is configured. */
export function signInPage(singleSignOn?: { provider: string }): SafeHtml {
  return accessPage(
    'Sign in to the micro app dashboard',
    html`${HOW_TO_GET_A_LINK}
${singleSignOn && html`<p><a class="button" href="/dashboard/sign-in/oidc">Sign in with ${singleSignOn.provider}</a></p>`}`,
  );
}

/** `GET` of a link: who it signs in, and the button that uses it (a link opened by a scanner is not used up). */
export function continuePage(holder: { name: string; email: string }, token: string): SafeHtml {
  return accessPage(
    'Sign in to the micro app dashboard',
    html`<p>This link signs in <strong>${holder.name}</strong> (${holder.email}).</p>
<form method="post" action="/dashboard/sign-in/link">
<input type="hidden" name="token" value="${token}">
<button type="submit">Continue as ${holder.name}</button>
</form>
<p>Not you? Close this page; the link stays unused and expires by itself.</p>`,
  );
}

/** A refused link, sign-in or form: what happened and what to do next. */
export function refusedPage(title: string, message: string): SafeHtml {
  return accessPage(
    title,
    html`<p>${message}</p>
${HOW_TO_GET_A_LINK}
<p><a href="/dashboard/sign-in">Back to sign-in</a></p>`,
  );
}

/** Too many sign-in attempts from one address. */
export function tooManyPage(waitSeconds: number): SafeHtml {
  return accessPage(
    'Too many sign-in attempts',
    html`<p>There have been too many sign-in attempts from your address. Wait ${waitSeconds} seconds, then try again.</p>`,
  );
}

/** `GET /dashboard/account`: who is signed in, what they see, and the sign-out button. */
export function accountPage(viewer: Viewer): SafeHtml {
  return accessPage(
    'Your dashboard session',
    html`<p>Signed in as <strong>${viewer.name}</strong> (${viewer.email}).</p>
<p>${viewer.seesAll ? 'As an admin or reviewer you see every app.' : 'You see the apps you own, back up or submitted.'}</p>
<p><a href="/dashboard">Open the dashboard</a></p>
${signOutForm(viewer)}`,
  );
}

/** The sign-out button, with the session's form token; for every dashboard page's header. */
export function signOutForm(viewer: Pick<Viewer, 'csrfToken'>): SafeHtml {
  return html`<form method="post" action="/dashboard/sign-out">
<input type="hidden" name="csrf" value="${viewer.csrfToken}">
<button type="submit">Sign out</button>
</form>`;
}
