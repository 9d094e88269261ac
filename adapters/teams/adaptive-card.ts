import { ACTIONS } from '../../src/views/action-ids';
import type { Block, Button, View } from '../../src/ports/view-model';
import { assertNever } from '../../src/ports/view-model';
import { renderInput } from './card-inputs';
import { LIMITS } from './card-limits';
import type { CardElement } from './card-text';
import { cut, label, richText, textRun } from './card-text';

/** An Adaptive Card 1.5, the highest version Teams renders (DESIGN.md section 6). */
export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: CardElement[];
  actions: CardElement[];
  /** Universal Actions refresh (added by the caller for user-specific views). */
  refresh?: CardElement;
}

/** The `Action.Execute` verb for each action id; any other action id is its own verb. */
export const VERBS: Readonly<Record<string, string>> = {
  [ACTIONS.approve]: 'approve',
  [ACTIONS.deny]: 'deny',
  [ACTIONS.showDetails]: 'details',
  [ACTIONS.openRegistration]: 'register',
  [ACTIONS.recertify]: 'recertify',
  [ACTIONS.snooze]: 'snooze',
  [ACTIONS.acknowledgeIncident]: 'acknowledge',
  [ACTIONS.resolveIncident]: 'resolve',
  [ACTIONS.claimApp]: 'claim',
};

/** The `Action.Execute` verb for an action id. */
export function verbFor(actionId: string): string {
  return VERBS[actionId] ?? actionId;
}

/** The action id an `Action.Execute` verb stands for (the reverse of `verbFor`). */
export function actionIdOf(verb: string): string {
  return Object.keys(VERBS).find((id) => VERBS[id] === verb) ?? verb;
}

/** The id of the input in which a reviewer says why they deny; a second deny on one card gets `reason.2`. */
export const REASON_INPUT = 'reason';

/** The reason typed beside a Deny button, from the data of its `Action.Execute` (or `Action.Submit`). */
export function denyReason(data: Record<string, unknown>): string | undefined {
  const key = Object.keys(data).find((k) => k === REASON_INPUT || k.startsWith(`${REASON_INPUT}.`));
  const value = key === undefined ? undefined : data[key];
  return typeof value === 'string' ? value : undefined;
}

/** The attachment that carries a card in a Bot Framework activity. */
export function cardAttachment(card: AdaptiveCard): {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: AdaptiveCard;
} {
  return { contentType: 'application/vnd.microsoft.card.adaptive', content: card };
}

/** A neutral view as a message card: the title, its blocks, and a trailing row of buttons as the card's actions. */
export function toAdaptiveCard(view: View): AdaptiveCard {
  const last = view.blocks.at(-1);
  const trailing = last?.type === 'actions' ? last : undefined;
  const blocks = trailing ? view.blocks.slice(0, -1) : view.blocks;
  const title = richText(view.title, LIMITS.title, { weight: 'bolder', size: 'large' });
  return fit(
    adaptiveCard([...title, ...renderBlocks(blocks)], trailing ? buttons(trailing.buttons) : []),
    LIMITS.messageBytes,
  );
}

/**
 * A neutral form as the card of a dialog (task module). The dialog shows the title; one
 * `Action.Submit` sends the inputs with `submitData`. No input is required on the client: the
 * server validates, and a client-side check would hide its errors.
 */
export function toFormCard(view: View, submitData: Record<string, unknown>): AdaptiveCard {
  const submit = {
    type: 'Action.Submit',
    title: label(view.submitLabel ?? 'Submit', LIMITS.buttonTitle),
    data: submitData,
  };
  return fit(adaptiveCard(renderBlocks(view.blocks), [submit]), LIMITS.dialogBytes);
}

function adaptiveCard(body: CardElement[], actions: CardElement[]): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    actions,
  };
}

/** Renders blocks in order; a divider becomes a separator line above whatever follows it. */
function renderBlocks(blocks: Block[]): CardElement[] {
  const out: CardElement[] = [];
  let separate = false;
  for (const block of blocks) {
    if (block.type === 'divider') {
      separate = out.length > 0;
      continue;
    }
    const [first, ...rest] = renderBlock(block);
    if (!first) continue;
    out.push(separate ? { ...first, separator: true, spacing: 'medium' } : first, ...rest);
    separate = false;
  }
  return out;
}

const TONE_COLORS = { normal: undefined, good: 'good', warning: 'warning', danger: 'attention' } as const;

function renderBlock(block: Block): CardElement[] {
  switch (block.type) {
    case 'header':
      return richText(block.text, LIMITS.header, { weight: 'bolder', size: 'medium' }, { spacing: 'medium' });
    case 'text': {
      const color = TONE_COLORS[block.tone ?? 'normal'];
      const items = block.items ?? [];
      const shown = items.slice(0, LIMITS.items);
      const more = items.length - shown.length;
      return [
        ...richText(block.text, LIMITS.text, color ? { color } : {}),
        ...shown.flatMap((item) => richText(`• ${item}`, LIMITS.item, {}, { spacing: 'none' })),
        ...(more > 0 ? richText(`• and ${more} more`, LIMITS.item, { isSubtle: true }, { spacing: 'none' }) : []),
      ];
    }
    case 'fields':
      return block.fields.slice(0, LIMITS.fields).map((f) => ({
        type: 'RichTextBlock',
        inlines: [
          textRun(`${cut(f.label, LIMITS.fieldLabel)}: `, LIMITS.fieldLabel + 2, { weight: 'bolder' }),
          textRun(f.value, LIMITS.fieldValue),
        ],
      }));
    case 'actions':
      return [{ type: 'ActionSet', actions: buttons(block.buttons) }];
    case 'input':
      return renderInput(block);
    case 'divider':
      return [];
    case 'context':
      return richText(block.text, LIMITS.text, { isSubtle: true, size: 'small' });
    case 'code':
      return [codeBlock(block.text)];
    default:
      return assertNever(block);
  }
}

/**
 * Text to copy exactly: Teams' `CodeBlock` element (a fixed-width box with a copy button, "Code
 * blocks in Adaptive Cards" in "Format cards in Microsoft Teams"), falling back where a client lacks
 * it to a RichTextBlock of one monospace `TextRun`, which reads no markdown. The text is ours (a
 * signed note), not a user's, and is kept as it is: a word joiner in it would break the copy.
 */
function codeBlock(text: string): CardElement {
  const code = text.replace(/\n$/, '');
  return {
    type: 'CodeBlock',
    codeSnippet: code,
    language: 'PlainText',
    fallback: { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: code, fontType: 'monospace' }] },
  };
}

function buttons(list: Button[]): CardElement[] {
  return list
    .slice(0, LIMITS.actions)
    .map((b) =>
      b.actionId === ACTIONS.deny
        ? denyButton(b)
        : execute(verbFor(b.actionId), b.label, { action: b.actionId, value: b.value }, b.style),
    );
}

/**
 * `Action.Execute` (Universal Actions) with an `Action.Submit` fallback carrying the verb, for
 * clients without Universal Actions. Teams ignores positive/destructive styling ("Types of cards")
 * but other hosts of the same card may not.
 */
function execute(verb: string, title: string, data: Record<string, unknown>, style?: Button['style']): CardElement {
  const styled = style === 'primary' ? { style: 'positive' } : style === 'danger' ? { style: 'destructive' } : {};
  const text = label(title, LIMITS.buttonTitle);
  return {
    type: 'Action.Execute',
    title: text,
    verb,
    data,
    ...styled,
    fallback: { type: 'Action.Submit', title: text, data: { ...data, verb }, ...styled },
  };
}

/** Deny asks for a reason: it opens a card with the reason and the button that really denies. */
function denyButton(b: Button): CardElement {
  return {
    type: 'Action.ShowCard',
    title: label(b.label, LIMITS.buttonTitle),
    ...(b.style === 'danger' && { style: 'destructive' }),
    card: {
      type: 'AdaptiveCard',
      body: [
        {
          type: 'Input.Text',
          id: REASON_INPUT,
          label: 'Why is it denied?',
          isMultiline: true,
          isRequired: true,
          errorMessage: 'Say why, so the owner knows what to change.',
          maxLength: 2000,
        },
      ],
      actions: [execute('deny', 'Deny', { action: b.actionId, value: b.value }, 'danger')],
    },
  };
}

/**
 * Keeps the card inside `bytes` less the envelope, counted in UTF-16 as Teams counts: first cuts
 * the longest texts to one common length (never below LIMITS.shortestCut), then drops body elements
 * from the end, other text before problems and inputs only when nothing else is left. Gives each
 * input a unique id (a card may hold several Deny reasons). Never throws.
 */
function fit(card: AdaptiveCard, bytes: number): AdaptiveCard {
  uniqueIds(card);
  const budget = bytes - LIMITS.envelopeBytes;
  const size = () => JSON.stringify(card).length * 2;
  for (let over = size() - budget; over > 0; over = size() - budget) {
    const runs = textRuns(card);
    const excess = (cap: number) => runs.reduce((sum, r) => sum + Math.max(0, r.text.length - cap), 0);
    if (excess(LIMITS.shortestCut) > 0) {
      const need = Math.ceil(over / 2);
      let cap: number = LIMITS.shortestCut;
      for (let hi = Math.max(...runs.map((r) => r.text.length)); cap < hi; ) {
        const mid = Math.ceil((cap + hi) / 2);
        if (excess(mid) >= need) cap = mid;
        else hi = mid - 1;
      }
      for (const r of runs) if (r.text.length > cap) r.text = cut(r.text, cap);
      continue;
    }
    const rank = (e: CardElement) => (String(e.type).startsWith('Input.') ? 2 : isProblem(e) ? 1 : 0);
    const lowest = Math.min(...card.body.map(rank));
    if (!Number.isFinite(lowest)) break;
    card.body.splice(
      card.body.findLastIndex((e) => rank(e) === lowest),
      1,
    );
  }
  return card;
}

function isProblem(element: CardElement): boolean {
  return Array.isArray(element.inlines) && element.inlines.some((r: CardElement) => r.color === 'attention');
}

function textRuns(node: unknown, found: { text: string }[] = []): { text: string }[] {
  if (Array.isArray(node)) for (const n of node) textRuns(n, found);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.type === 'TextRun' && typeof o.text === 'string') found.push(o as { text: string });
    else for (const [key, v] of Object.entries(o)) if (key !== 'data') textRuns(v, found);
  }
  return found;
}

function uniqueIds(node: unknown, seen = new Map<string, number>()): void {
  if (Array.isArray(node)) for (const n of node) uniqueIds(n, seen);
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.type === 'string' && o.type.startsWith('Input.') && typeof o.id === 'string') {
      const count = (seen.get(o.id) ?? 0) + 1;
      seen.set(o.id, count);
      if (count > 1) o.id = `${o.id}.${count}`;
    }
    for (const [key, v] of Object.entries(o)) if (key !== 'data') uniqueIds(v, seen);
  }
}
