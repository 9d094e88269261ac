import type { Estate } from '../../../src/app/posture/read-estate';
import { OPTION_LABELS } from '../../../src/domain/manifest-vocabulary';
import { STATUS_WORDS, TIER_NAMES, day } from '../../../src/views/wording';
import { html } from '../html';
import type { PageModel } from './page-model';
import type { PageContext } from './page-context';
import { percent } from './page-context';

/** The estate view: apps by status, tier, classification and data types; systems reached; discovery coverage. */
export function estatePage(e: Estate, ctx: PageContext): PageModel {
  const label = (key: string) => OPTION_LABELS[key] ?? key;
  return {
    name: 'estate',
    title: 'Estate',
    sections: [
      html`<ul class="figures">
<li><strong>${e.live.toLocaleString('en-GB')}</strong> apps that may be running (approved, waiting for review or expired)</li>
${
  e.coverage.sources.length > 0
    ? html`<li><strong>${percent(e.coverage.coverage)}</strong> of what discovery found is registered</li>`
    : html`<li><strong>-</strong> no discovery source is connected, so nothing measures what is not registered</li>`
}
</ul>`,
      html`<h2>Apps</h2>`,
      {
        kind: 'table',
        id: 'status',
        caption: 'Every app by status',
        columns: [{ label: 'Status' }, { label: 'Apps', numeric: true }],
        rows: e.byStatus.map((s) => [STATUS_WORDS[s.key as keyof typeof STATUS_WORDS] ?? s.key, s.apps]),
        empty: 'No app is registered yet.',
        chart: { labelColumn: 0, valueColumn: 1 },
      },
      {
        kind: 'table',
        id: 'tier',
        caption: 'Apps that may be running, by risk tier',
        columns: [{ label: 'Tier' }, { label: 'Apps', numeric: true }],
        rows: e.byTier.map((t) => [TIER_NAMES[Number(t.key)] ?? `Tier ${t.key}`, t.apps]),
        empty: 'No app may be running.',
        chart: { labelColumn: 0, valueColumn: 1 },
      },
      html`<h2>Data</h2>`,
      {
        kind: 'table',
        id: 'classification',
        caption: 'Apps that may be running, by data classification',
        columns: [{ label: 'Classification' }, { label: 'Apps', numeric: true }],
        rows: e.byClassification.map((c) => [label(c.key), c.apps]),
        empty: 'No app may be running.',
        chart: { labelColumn: 0, valueColumn: 1 },
      },
      {
        kind: 'table',
        id: 'data-types',
        caption: 'Apps that may be running, by data type handled',
        columns: [{ label: 'Data type' }, { label: 'Apps', numeric: true }],
        rows: e.byDataType.map((t) => [label(t.key), t.apps]),
        empty: 'No app may be running.',
        note: 'An app handling several data types counts once under each.',
        chart: { labelColumn: 0, valueColumn: 1 },
      },
      html`<h2>Systems reached</h2>`,
      {
        kind: 'table',
        id: 'systems',
        caption: 'Systems apps that may be running reach',
        columns: [
          { label: 'System' },
          { label: 'Apps reaching it', numeric: true },
          { label: 'Of those, holding a key or credential', numeric: true },
        ],
        rows: e.systems.map((s) => [s.name, s.apps, s.withSecret]),
        empty: 'No app declares an integration.',
        chart: { labelColumn: 0, valueColumn: 1 },
      },
      html`<h2>Discovery coverage</h2>`,
      {
        kind: 'table',
        id: 'coverage',
        caption: 'What discovery found, and how much of it is registered',
        columns: [
          { label: 'Source' },
          { label: 'Found', numeric: true },
          { label: 'Registered', numeric: true },
          { label: 'Not registered', numeric: true },
          { label: 'Ignored', numeric: true },
          { label: 'Coverage', numeric: true },
          { label: 'Weighted by permissions', numeric: true },
          { label: 'Last complete scan' },
        ],
        rows: [
          ...e.coverage.sources.map((s) => [
            s.source,
            s.discovered,
            s.registered,
            s.unregistered,
            s.ignored,
            percent(s.coverage),
            percent(s.weightedCoverage),
            s.error ? `Failed: ${s.error.fix}` : s.lastScanAt ? day(s.lastScanAt, ctx.zone) : 'Not scanned yet',
          ]),
          ...(e.coverage.sources.length > 0
            ? [['All sources', '', '', '', '', percent(e.coverage.coverage), percent(e.coverage.weightedCoverage), '']]
            : []),
        ],
        empty: 'No discovery source is configured: see docs/discovery.md to connect one.',
      },
    ],
  };
}
