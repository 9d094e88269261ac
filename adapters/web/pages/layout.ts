import type { SafeHtml } from '../html';
import { html } from '../html';
import type { Viewer } from '../viewer';

/** The views in the nav, in order; `wide` ones are for viewers who see every app. */
export const NAV: readonly { name: string; label: string; href: string; wide: boolean }[] = [
  { name: 'estate', label: 'Estate', href: '/dashboard', wide: true },
  { name: 'flow', label: 'Flow', href: '/dashboard/flow', wide: true },
  { name: 'hygiene', label: 'Hygiene', href: '/dashboard/hygiene', wide: true },
  { name: 'value', label: 'Value', href: '/dashboard/value', wide: true },
  { name: 'mine', label: 'My apps', href: '/dashboard/mine', wide: false },
];

/**
 * The page around every view: a skip link, the nav (views the viewer may open, the current one
 * marked), who is signed in with a sign-out form carrying the session's CSRF token, the content,
 * and the time zone its dates are in.
 */
export function layout(p: { title: string; current?: string; viewer: Viewer; zone: string; body: SafeHtml }): SafeHtml {
  const entries = NAV.filter((n) => p.viewer.seesAll || !n.wide);
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} · Micro-app registry</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/dashboard/style.css">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<p class="brand">Micro-app registry</p>
<nav aria-label="Views"><ul>${entries.map(
    (n) => html`<li><a href="${n.href}"${n.name === p.current ? html` aria-current="page"` : ''}>${n.label}</a></li>`,
  )}</ul></nav>
<form class="sign-out" method="post" action="/dashboard/sign-out">
<input type="hidden" name="csrf" value="${p.viewer.csrfToken}">
<span class="who">Signed in as ${p.viewer.name}</span>
<button type="submit">Sign out</button>
</form>
</header>
<main id="main" tabindex="-1">
<h1>${p.title}</h1>
${p.body}
</main>
<footer><p>Dates and times are in ${p.zone}.</p></footer>
</body>
</html>
`;
}
