import type { SafeHtml } from '../html';
import { html } from '../html';
import type { Viewer } from '../viewer';
import { layout } from './layout';
import type { PageModel } from './page-model';
import { renderTable } from './render-table';

/** A view in its layout: its sections in order, each table with a CSV link to `path`. */
export function renderPage(model: PageModel, viewer: Viewer, zone: string, path: string): SafeHtml {
  const body = html`${model.sections.map((s) =>
    'kind' in s ? renderTable(s, `${path}?format=csv&table=${encodeURIComponent(s.id)}`) : s,
  )}`;
  return layout({ title: model.title, current: model.name, viewer, zone, body });
}

/** A page that shows no registry data: a heading and a sentence saying what to do next. */
export function plainPage(title: string, text: SafeHtml, viewer: Viewer, zone: string): SafeHtml {
  return layout({ title, viewer, zone, body: html`<p>${text}</p>` });
}
