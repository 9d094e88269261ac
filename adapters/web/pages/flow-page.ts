import type { Flow } from '../../../src/app/posture/read-flow';
import { TIER_NAMES, day, moment } from '../../../src/views/wording';
import { html } from '../html';
import type { PageModel } from './page-model';
import type { PageContext } from './page-context';
import { appHref, duration } from './page-context';

const tierName = (tier: number) => TIER_NAMES[tier] ?? `Tier ${tier}`;
const firstOf = (shown: number, total: number) =>
  total > shown
    ? `Showing the first ${shown} of ${total.toLocaleString('en-GB')}; the CSV has the same rows.`
    : undefined;

/** The flow view: reviews waiting against their targets, time to decision, exceptions, expiries, ownerless apps, incidents. */
export function flowPage(f: Flow, ctx: PageContext): PageModel {
  const at = (iso: string | undefined) => moment(iso, ctx.zone);
  const waitingTotal = f.waiting.reduce((n, w) => n + w.waiting, 0);
  const lateTotal = f.waiting.reduce((n, w) => n + w.late, 0);
  return {
    name: 'flow',
    title: 'Flow',
    sections: [
      html`<ul class="figures">
<li><strong>${waitingTotal.toLocaleString('en-GB')}</strong> reviews waiting</li>
<li><strong>${lateTotal.toLocaleString('en-GB')}</strong> past their target</li>
<li><strong>${f.incidents.total.toLocaleString('en-GB')}</strong> open incidents</li>
</ul>`,
      html`<h2>Reviews waiting</h2>
<p>Targets: low-risk apps (tier 1) decided within 24 hours; tier 2 within 5 business days.</p>`,
      {
        kind: 'table',
        id: 'waiting',
        caption: 'Reviews waiting, by tier',
        columns: [
          { label: 'Tier' },
          { label: 'Waiting', numeric: true },
          { label: 'Past target', numeric: true },
          { label: 'Target' },
        ],
        rows: f.waiting.map((w) => [tierName(w.tier), w.waiting, w.late, w.target ?? 'No target set']),
        empty: 'No review is waiting.',
        chart: { labelColumn: 0, valueColumn: 1 },
      },
      {
        kind: 'table',
        id: 'oldest',
        caption: 'Longest-waiting reviews',
        columns: [
          { label: 'App' },
          { label: 'Tier' },
          { label: 'Waiting since' },
          { label: 'Target' },
          { label: 'On time?' },
        ],
        rows: f.oldest.map((r) => [
          { text: r.appName, href: appHref(r.appId) },
          tierName(r.tier),
          at(r.createdAt),
          r.dueAt ? at(r.dueAt) : 'No target set',
          r.dueAt ? (r.late ? 'Past target' : 'On time') : '-',
        ]),
        empty: 'No review is waiting.',
        note: firstOf(f.oldest.length, waitingTotal),
      },
      html`<h2>Time to decision</h2>`,
      {
        kind: 'table',
        id: 'decisions',
        caption: 'Median time from review to decision, by tier',
        columns: [
          { label: 'Tier' },
          { label: 'Decided, last 30 days', numeric: true },
          { label: 'Median, last 30 days', numeric: true },
          { label: 'Decided, last 90 days', numeric: true },
          { label: 'Median, last 90 days', numeric: true },
        ],
        rows: (f.decisions.find((d) => d.days === 90)?.tiers ?? []).map((t90) => {
          const t30 = f.decisions.find((d) => d.days === 30)?.tiers.find((t) => t.tier === t90.tier);
          return [
            tierName(t90.tier),
            t30?.decided ?? 0,
            duration(t30?.medianHours),
            t90.decided,
            duration(t90.medianHours),
          ];
        }),
        empty: 'No review was decided in the last 90 days.',
      },
      html`<h2>Exceptions and expiries</h2>`,
      {
        kind: 'table',
        id: 'exceptions',
        caption: 'Exceptions to policy in force',
        columns: [{ label: 'App' }, { label: 'Rule' }, { label: 'Until' }, { label: 'Granted by' }],
        rows: f.exceptions.rows.map((x) => [
          { text: x.appName, href: appHref(x.appId) },
          x.ruleId,
          day(x.expiresAt, ctx.zone),
          ctx.person(x.grantedBy),
        ]),
        empty: 'No exception is in force.',
        note: firstOf(f.exceptions.rows.length, f.exceptions.total),
      },
      {
        kind: 'table',
        id: 'expiring',
        caption: 'Approvals ending in the next 30 days',
        columns: [{ label: 'App' }, { label: 'Owner' }, { label: 'Approval ends' }],
        rows: f.expiring.rows.map((x) => [
          { text: x.appName, href: appHref(x.appId) },
          ctx.person(x.owner),
          day(x.expiresAt, ctx.zone),
        ]),
        empty: 'No approval ends in the next 30 days.',
        note: firstOf(f.expiring.rows.length, f.expiring.total),
      },
      {
        kind: 'table',
        id: 'ownerless',
        caption: 'Apps whose owner has left',
        columns: [{ label: 'App' }, { label: 'Owner' }, { label: 'Account deactivated' }],
        rows: f.ownerless.map((o) => [
          { text: o.app.name, href: appHref(o.app.id) },
          ctx.person(o.app.owner),
          day(o.deactivatedAt, ctx.zone),
        ]),
        empty: 'Every app that may be running has an active owner.',
      },
      html`<h2>Incidents</h2>
<p>Median time to resolve, over incidents resolved in the last 90 days: <strong>${duration(f.resolve.medianHours)}</strong> (${f.resolve.resolved.toLocaleString('en-GB')} resolved).</p>`,
      {
        kind: 'table',
        id: 'incidents',
        caption: 'Open incidents',
        columns: [{ label: 'App' }, { label: 'What happened' }, { label: 'Opened' }, { label: 'Acknowledged' }],
        rows: f.incidents.rows.map((i) => [
          { text: i.appName, href: appHref(i.appId) },
          i.summary,
          at(i.openedAt),
          i.acknowledgedAt ? at(i.acknowledgedAt) : 'Not yet',
        ]),
        empty: 'No incident is open.',
        note: firstOf(f.incidents.rows.length, f.incidents.total),
      },
    ],
  };
}
