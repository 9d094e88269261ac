import type { Hygiene } from '../../../src/app/posture/read-hygiene';
import type { HygieneFact } from '../../../src/domain/posture-facts';
import { html } from '../html';
import type { PageModel } from './page-model';
import { percent } from './page-context';
import type { PageContext } from './page-context';
import { moment } from '../../../src/views/wording';

const HEALTH_WORDS = { healthy: 'Healthy', degraded: 'Degraded', failing: 'Failing' } as const;

const FACT_WORDS: Record<HygieneFact, string> = {
  logging: 'Logging',
  retention: 'A retention period',
  backup_owner: 'A backup owner',
  health_endpoint: 'A health endpoint',
};

/** The hygiene view: the share of live apps declaring each hygiene field, and the health of the apps that are checked. */
export function hygienePage(h: Hygiene, ctx: Pick<PageContext, 'zone'>): PageModel {
  return {
    name: 'hygiene',
    title: 'Hygiene',
    sections: [
      html`<p>Out of <strong>${h.live.toLocaleString('en-GB')}</strong> apps that may be running (approved, waiting for review or expired), as their current manifests declare (logging counts when it is among the controls the owner attests).</p>`,
      {
        kind: 'table',
        id: 'declared',
        caption: 'Apps that may be running, by what they declare',
        columns: [{ label: 'Declares' }, { label: 'Apps', numeric: true }, { label: 'Share', numeric: true }],
        rows: h.shares.map((s) => [FACT_WORDS[s.fact], s.apps, percent(s.share)]),
        empty: 'No app may be running.',
        chart: { labelColumn: 0, valueColumn: 1 },
      },
      {
        kind: 'table',
        id: 'health',
        caption: 'Approved apps by health, as their health endpoints last answered',
        columns: [{ label: 'Health' }, { label: 'Apps', numeric: true }],
        rows: (['healthy', 'degraded', 'failing'] as const).map((status) => [
          HEALTH_WORDS[status],
          h.health.find((c) => c.status === status)?.apps ?? 0,
        ]),
        empty: 'No app has been checked yet.',
        chart: { labelColumn: 0, valueColumn: 1 },
      },
      {
        kind: 'table',
        id: 'troubled',
        caption: 'Approved apps that are not healthy now',
        columns: [
          { label: 'App' },
          { label: 'Health' },
          { label: 'Since' },
          { label: 'Checks failed in a row', numeric: true },
          { label: 'Why' },
        ],
        rows: h.troubled.map((t) => [
          { text: t.name, href: `/dashboard/apps/${encodeURIComponent(t.appId)}` },
          HEALTH_WORDS[t.status],
          moment(t.since, ctx.zone),
          t.consecutiveFailures,
          t.lastError ?? '',
        ]),
        empty: 'Every checked app answered healthy last time.',
      },
    ],
  };
}
