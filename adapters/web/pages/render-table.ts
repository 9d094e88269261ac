import type { SafeHtml } from '../html';
import { html } from '../html';
import { barChart } from './bar-chart';
import type { Cell, TableSpec } from './page-model';
import { cellText } from './page-model';

/** A table as semantic HTML (caption, column headings, the first cell of each row as its row heading), with its chart and CSV link. */
export function renderTable(table: TableSpec, csvHref: string): SafeHtml {
  const numeric = table.columns.map((c) => c.numeric === true);
  const cell = (c: Cell, i: number) => {
    const text = cellText(c);
    const content = typeof c === 'object' && c.href ? html`<a href="${c.href}">${text}</a>` : text;
    const cls = numeric[i] ? 'num' : undefined;
    return i === 0 ? html`<th scope="row" class="${cls}">${content}</th>` : html`<td class="${cls}">${content}</td>`;
  };
  const chart =
    table.chart && table.rows.length > 0
      ? barChart(
          table.caption,
          table.rows.map((r) => ({
            label: cellText(r[table.chart!.labelColumn]!),
            value: Number(cellText(r[table.chart!.valueColumn]!).replace(/[^\d.-]/g, '')) || 0,
          })),
        )
      : undefined;
  return html`<section class="table-block">
${chart}
<div class="table-scroll"><table id="t-${table.id}">
<caption>${table.caption}</caption>
<thead><tr>${table.columns.map((c, i) => html`<th scope="col" class="${numeric[i] ? 'num' : undefined}">${c.label}</th>`)}</tr></thead>
<tbody>${
    table.rows.length > 0
      ? table.rows.map((r) => html`<tr>${r.map(cell)}</tr>`)
      : html`<tr><td colspan="${table.columns.length}">${table.empty}</td></tr>`
  }</tbody>
</table></div>
${table.note ? html`<p class="note">${table.note}</p>` : ''}
<p class="download"><a href="${csvHref}" download>Download “${table.caption}” as CSV</a></p>
</section>`;
}
