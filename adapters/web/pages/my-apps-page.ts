import type { AppRecord } from '../../../src/domain/app-record';
import type { Counted } from '../../../src/ports/posture-reads';
import { STATUS_WORDS, TIER_NAMES, day } from '../../../src/views/wording';
import { html } from '../html';
import type { PageModel } from './page-model';
import type { PageContext } from './page-context';
import { appHref } from './page-context';

/** My apps: the apps the viewer owns, backs up or submitted. */
export function myAppsPage(apps: Counted<AppRecord>, ctx: PageContext): PageModel {
  return {
    name: 'mine',
    title: 'My apps',
    sections: [
      html`<p>Apps you own, back up or submitted: ${apps.total.toLocaleString('en-GB')}.</p>`,
      {
        kind: 'table',
        id: 'apps',
        caption: 'Your apps',
        columns: [
          { label: 'App' },
          { label: 'Status' },
          { label: 'Tier' },
          { label: 'Owner' },
          { label: 'Backup owner' },
          { label: 'Approval ends' },
        ],
        rows: apps.rows.map((a) => [
          { text: a.name, href: appHref(a.id) },
          STATUS_WORDS[a.status],
          TIER_NAMES[a.tier] ?? `Tier ${a.tier}`,
          ctx.person(a.owner),
          a.backupOwner ? ctx.person(a.backupOwner) : 'None',
          a.expiresAt ? day(a.expiresAt, ctx.zone) : '-',
        ]),
        empty:
          'You own, back up or submitted no app yet. Register one with /microapp register in Slack or "register" in Teams.',
        note:
          apps.total > apps.rows.length
            ? `Showing the first ${apps.rows.length} of ${apps.total}, by name.`
            : undefined,
      },
    ],
  };
}
