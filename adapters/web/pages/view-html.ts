import type { View } from '../../../src/ports/view-model';
import type { SafeHtml } from '../html';
import { html } from '../html';

/**
 * A platform-neutral view (what `microapp show` and the chat platforms show) as HTML: headers,
 * paragraphs with their lists, label/value pairs, small print and text to copy. Buttons and inputs are left out:
 * the dashboard only reads.
 */
export function viewHtml(view: View): SafeHtml {
  return html`${view.blocks.map((b) => {
    switch (b.type) {
      case 'header':
        return html`<h2>${b.text}</h2>`;
      case 'text':
        return html`<p>${b.text}</p>${b.items?.length ? html`<ul>${b.items.map((i) => html`<li>${i}</li>`)}</ul>` : ''}`;
      case 'fields':
        return html`<dl class="details">${b.fields.map((f) => html`<dt>${f.label}</dt><dd>${f.value}</dd>`)}</dl>`;
      case 'context':
        return html`<p class="note">${b.text}</p>`;
      case 'code':
        return html`<pre>${b.text}</pre>`;
      default:
        return '';
    }
  })}`;
}
