import type { AppPage } from '../../../src/app/posture/read-app-page';
import { APP_AUDIT_LIMIT, APP_HEALTH_LIMIT } from '../../../src/app/posture/read-app-page';
import { appDetails } from '../../../src/views/app-details';
import { TIER_NAMES, moment } from '../../../src/views/wording';
import { html } from '../html';
import type { PageModel } from './page-model';
import type { PageContext } from './page-context';
import { viewHtml } from './view-html';

/** An app's page: what `microapp show` says, its revisions, its audit events, its health checks. */
export function appPage(p: AppPage, ctx: PageContext): PageModel {
  const d = p.described;
  const view = appDetails(d, ctx.zone);
  return {
    name: 'app',
    title: d.app.name,
    sections: [
      html`<p class="note">${view.title}</p>`,
      viewHtml({ ...view, blocks: view.blocks }),
      html`<h2>Revisions</h2>`,
      {
        kind: 'table',
        id: 'revisions',
        caption: `Revisions of ${d.app.name}`,
        columns: [
          { label: 'Revision', numeric: true },
          { label: 'Submitted' },
          { label: 'By' },
          { label: 'Risk' },
          { label: 'Policy version' },
        ],
        rows: p.revisions.map((r) => [
          r.number,
          moment(r.createdAt, ctx.zone),
          ctx.person(r.submittedBy),
          r.tier ? `${TIER_NAMES[r.tier] ?? `Tier ${r.tier}`}, score ${r.score ?? '-'}` : '-',
          r.policyVersion,
        ]),
        empty: 'No revision is stored.',
      },
      html`<h2>Audit events</h2>`,
      {
        kind: 'table',
        id: 'audit',
        caption: `What happened to ${d.app.name}, newest first`,
        columns: [{ label: 'When' }, { label: 'Who' }, { label: 'What' }, { label: 'Outcome' }, { label: 'Reason' }],
        rows: p.audit.map((e) => [
          moment(e.at, ctx.zone),
          e.actorPlatform === 'system' ? 'The bot' : ctx.person(e.actorUser),
          e.action.replace(/[._]/g, ' '),
          e.outcome === 'success' ? 'Done' : 'Refused',
          e.reason ?? '',
        ]),
        empty: 'No audit event names this app.',
        note: p.audit.length >= APP_AUDIT_LIMIT ? `Showing the latest ${APP_AUDIT_LIMIT} events.` : undefined,
      },
      html`<h2>Health history</h2>`,
      {
        kind: 'table',
        id: 'health',
        caption: `${d.app.name}'s health checks, newest first`,
        columns: [{ label: 'When' }, { label: 'Health' }, { label: 'Why' }, { label: 'Took (ms)', numeric: true }],
        rows: p.health.map((c) => [
          moment(c.at, ctx.zone),
          { healthy: 'Healthy', degraded: 'Degraded', failing: 'Failing' }[c.status],
          c.reason ?? '',
          c.ms,
        ]),
        empty: d.revision.manifest.healthEndpoint
          ? 'Not checked yet: approved apps with a health endpoint are checked every few minutes.'
          : 'It declares no health endpoint, so it is not checked.',
        note: p.health.length >= APP_HEALTH_LIMIT ? `Showing the latest ${APP_HEALTH_LIMIT} checks.` : undefined,
      },
    ],
  };
}
