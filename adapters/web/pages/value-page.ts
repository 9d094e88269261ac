import type { ValueFigures } from '../../../src/app/posture/read-value';
import { LOW_VALUE, lowValue } from '../../../src/app/posture/read-value';
import type { ValuedApp } from '../../../src/ports/app-values';
import { day } from '../../../src/views/wording';
import { html } from '../html';
import type { PageContext } from './page-context';
import type { Cell, PageModel } from './page-model';

/** The value view: hours saved and people served by each app, as owners said at re-certification, against its tier. */
export function valuePage(v: ValueFigures, ctx: PageContext): PageModel {
  const row = (a: ValuedApp): Cell[] => [
    { text: a.name, href: `/dashboard/apps/${encodeURIComponent(a.appId)}` },
    a.tier,
    {
      text: a.hoursSavedPerMonth === undefined ? 'Not said' : a.hoursSavedPerMonth.toLocaleString('en-GB'),
      numeric: true,
    },
    { text: a.users === undefined ? 'Not said' : a.users.toLocaleString('en-GB'), numeric: true },
    `${ctx.person(a.answeredBy)}, ${day(a.answeredAt, ctx.zone)}`,
    a.tier === 3 && lowValue(a) ? 'High risk, little value: a candidate to retire' : '',
  ];
  const columns = [
    { label: 'App' },
    { label: 'Tier', numeric: true },
    { label: 'Hours saved a month', numeric: true },
    { label: 'People using it', numeric: true },
    { label: 'Said by' },
    { label: 'Flag' },
  ];
  return {
    name: 'value',
    title: 'Value',
    sections: [
      html`<p>Owners say, when they re-certify an app, about how many hours a month it saves and how many people use it. <strong>${v.answered.toLocaleString('en-GB')}</strong> of the <strong>${v.live.toLocaleString('en-GB')}</strong> apps that may be running have an answer; together they save about <strong>${Math.round(v.hoursSaved).toLocaleString('en-GB')}</strong> hours a month by their owners' own estimates.</p>`,
      {
        kind: 'table',
        id: 'retire',
        caption: `Candidates to retire: tier 3 apps saving under ${LOW_VALUE.hoursSavedPerMonth} hours a month for fewer than ${LOW_VALUE.users} people`,
        columns,
        rows: v.retireCandidates.map(row),
        empty: 'No high-risk app is of little value by its owner’s account.',
      },
      {
        kind: 'table',
        id: 'ranked',
        caption: 'Apps by hours saved a month, most first',
        columns,
        rows: v.ranked.map(row),
        empty: 'No owner has answered the value questions yet; they are asked at re-certification.',
        ...(v.answered > v.ranked.length && { note: `The first ${v.ranked.length} of ${v.answered} apps are shown.` }),
      },
    ],
  };
}
