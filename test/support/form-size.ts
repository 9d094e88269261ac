import type { Block, InputBlock, View } from '../../src/ports/view-model';

/** How much a form asks of a person: its inputs and every word they may read on it. */
export interface FormSize {
  inputs: number;
  words: number;
}

/**
 * The size of one screen of a form: inputs on it, and the words of its title, texts, labels,
 * "(optional)" marks, hints, placeholders, problems and choices with what they mean.
 */
export function formSize(view: View): FormSize {
  const inputs = view.blocks.filter((b): b is InputBlock => b.type === 'input');
  return {
    inputs: inputs.length,
    words: count(view.title) + count(view.submitLabel) + view.blocks.reduce((n, b) => n + blockWords(b), 0),
  };
}

function blockWords(b: Block): number {
  if (b.type === 'input')
    return (
      count(b.label) +
      (b.optional ? 1 : 0) +
      count(b.hint) +
      count(b.placeholder) +
      count(b.error) +
      (b.options ?? []).reduce((n, o) => n + count(o.label) + count(o.description), 0)
    );
  if (b.type === 'text' || b.type === 'context' || b.type === 'header') return count(b.text);
  return 0;
}

function count(text: string | undefined): number {
  return (text ?? '').split(/\s+/).filter(Boolean).length;
}
