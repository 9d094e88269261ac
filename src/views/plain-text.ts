import type { Block, View } from '../ports/view-model';
import { assertNever } from '../ports/view-model';
import { readerDatesInUtc } from './reader-dates';

/** Any view as plain text: notification fallbacks, the CLI and logs-free previews. */
export function plainText(view: View): string {
  return readerDatesInUtc([view.title, ...view.blocks.map(blockText).filter((t) => t !== '')].join('\n'));
}

function blockText(block: Block): string {
  switch (block.type) {
    case 'header':
      return `\n${block.text}`;
    case 'text':
      return [block.text, ...(block.items ?? []).map((i) => `  - ${i}`)].join('\n');
    case 'fields':
      return block.fields.map((f) => `${f.label}: ${f.value}`).join('\n');
    case 'actions':
      return block.buttons.map((b) => `[${b.label}]`).join(' ');
    case 'input':
      return `${block.label}${block.optional ? ' (optional)' : ''}${block.error ? ` - ${block.error}` : ''}`;
    case 'divider':
      return '---';
    case 'context':
      return block.text;
    case 'code':
      return block.text.replace(/\n$/, '');
    default:
      return assertNever(block);
  }
}
