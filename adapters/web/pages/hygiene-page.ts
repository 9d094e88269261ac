import type { Hygiene } from '../../../src/app/posture/read-hygiene';
import type { HygieneFact } from '../../../src/domain/posture-facts';
import { html } from '../html';
import type { PageModel } from './page-model';
import { percent } from './page-context';

const FACT_WORDS: Record<HygieneFact, string> = {
  logging: 'Logging',
  retention: 'A retention period',
  backup_owner: 'A backup owner',
  health_endpoint: 'A health endpoint',
};

/** The hygiene view: the share of live apps declaring each hygiene field, and the place app health will fill. */
export function hygienePage(h: Hygiene): PageModel {
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
      html`<h2>Health of each app</h2>
<div class="placeholder" id="health-status"><p>Not measured yet: the bot does not call apps' health endpoints yet, so there is no health status to show. Once it does, each app's latest status will be listed here.</p></div>`,
    ],
  };
}
