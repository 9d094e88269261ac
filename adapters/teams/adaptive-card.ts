import { ACTIONS } from '../../src/views/action-ids';
import type { Block, Button, InputBlock, View } from '../../src/ports/view-model';
import { assertNever } from '../../src/ports/view-model';

/**
 * The limits this renderer keeps to. Teams documents only the message size and the number of
 * actions; the text caps are ours, chosen so that one long text cannot crowd out the rest of the
 * card before the size check has to cut it.
 */
export const LIMITS = {
  /**
   * A card travels in a message whose size Teams counts in UTF-16. The smallest limit Teams
   * documents is 28 KB (Incoming Webhooks: "Format cards in Microsoft Teams",
   * https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-format,
   * and the Teams connector's "about 28 KB", https://learn.microsoft.com/connectors/teams/); bot
   * messages allow 40 KB there and about 100 KB (80 KB recommended) in "Format your bot messages",
   * https://learn.microsoft.com/microsoftteams/platform/bots/how-to/format-your-bot-messages.
   * Keeping to 28 KB fits all of them.
   */
  messageBytes: 28 * 1024,
  /**
   * A dialog's card comes back in an invoke response, not a message; Teams documents no size for
   * it. It is held to the size "Format your bot messages" recommends for anything a bot sends
   * (80 KB), so that a form never loses a question or an answer to the message limit.
   */
  dialogBytes: 80 * 1024,
  /** Room left in the message for the activity around the card (ids, service URL, conversation). */
  envelopeBytes: 2 * 1024,
  /**
   * "A maximum of six [primary actions] are allowed" ("Designing Adaptive Cards for your Microsoft
   * Teams app", https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/design-effective-cards).
   */
  actions: 6,
  /**
   * Button text stays on one line and "is truncated if the text exceeds the button width" ("Types
   * of cards", https://learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/cards-reference).
   */
  buttonTitle: 75,
  title: 150,
  header: 150,
  text: 3000,
  item: 500,
  items: 50,
  fields: 30,
  fieldLabel: 200,
  fieldValue: 2000,
  label: 200,
  placeholder: 150,
  choiceTitle: 150,
  choices: 100,
  /** Choice descriptions longer than this are left out rather than crowd the choice. */
  choiceDescription: 60,
  /** Lists this long or shorter show every choice (radio buttons, checkboxes); longer ones a menu. */
  expandedChoices: 10,
  /** The problem is shown in full under the input; the input's own error message is a short copy. */
  errorMessage: 150,
  /** A text the size check never cuts below. */
  shortestCut: 40,
} as const;

/** An Adaptive Card element, action or inline, as JSON. */
export type CardElement = Record<string, unknown>;

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

const WORD_JOINER = '\u2060';

/**
 * User text as Teams should show it: as typed, never a link or a mention. Every string this
 * renderer shows passes through here, and only through `TextRun`s, which do not read markdown.
 * Teams documents markdown (and so links) for `TextBlock` and `Fact`, and mentions only for those
 * two with `msteams.entities` ("Format cards in Microsoft Teams"); it does not say whether a client
 * turns a bare address in a `TextRun` into a link, and mobile text views commonly do. So addresses
 * are broken with invisible WORD JOINERs (U+2060): after `://`, around `@` (emails and @-names) and
 * before the dots of a domain, and `<at>` loses its shape. Idempotent; removing U+2060 gives back
 * the input.
 */
export function plainText(text: string): string {
  return text
    .replace(/:\/\/(?!\u2060)/g, `://${WORD_JOINER}`)
    .replace(/\u2060?@\u2060?/g, `${WORD_JOINER}@${WORD_JOINER}`)
    .replace(/(?<=[\p{L}\p{N}_-])\.(?=[\p{L}\p{N}])/gu, `${WORD_JOINER}.`)
    .replace(/<(?=\/?at\b)/gi, `<${WORD_JOINER}`);
}

/** Cuts text to `max` UTF-16 units, ending with an ellipsis when cut, never splitting a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = Math.max(0, max - 1);
  const safe = /[\uD800-\uDBFF]/.test(text.charAt(end - 1)) ? end - 1 : end;
  return `${text.slice(0, safe)}…`;
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
    default:
      return assertNever(block);
  }
}

function textRun(text: string, max: number, style: Record<string, unknown> = {}): CardElement {
  return { type: 'TextRun', text: plainText(cut(text, max)), ...style };
}

/** One paragraph as a RichTextBlock of one TextRun (which wraps and reads no markdown), or nothing for empty text. */
function richText(
  text: string,
  max: number,
  style: Record<string, unknown> = {},
  block: Record<string, unknown> = {},
): CardElement[] {
  return text.trim() === '' ? [] : [{ type: 'RichTextBlock', inlines: [textRun(text, max, style)], ...block }];
}

function label(text: string, max: number): string {
  return plainText(cut(text, max));
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

/** The input, then right under it the problem from the last submission, then its hint. */
function renderInput(input: InputBlock): CardElement[] {
  const element = inputElement(input);
  if (!element) return richText([input.label, input.hint].filter(Boolean).join(': '), LIMITS.text, { isSubtle: true });
  const hint = element.type === 'Input.Toggle' && !input.options?.length ? undefined : input.hint;
  return [
    element,
    ...(input.error ? richText(`⚠ ${input.error}`, LIMITS.text, { color: 'attention' }, { spacing: 'none' }) : []),
    ...(hint ? richText(hint, LIMITS.text, { isSubtle: true, size: 'small' }, { spacing: 'none' }) : []),
  ];
}

/** The input element, or undefined for a choice with nothing to choose from (a ChoiceSet needs a choice). */
function inputElement(input: InputBlock): CardElement | undefined {
  const given = input.initial;
  const base = {
    id: input.id,
    label: label(input.label, LIMITS.label) + (input.optional ? ' (optional)' : ''),
    isRequired: false,
    ...(input.error && { errorMessage: label(input.error, LIMITS.errorMessage) }),
  };
  const placeholder = input.placeholder ? { placeholder: label(input.placeholder, LIMITS.placeholder) } : {};
  const options = (input.options ?? []).slice(0, LIMITS.choices);
  switch (input.kind) {
    case 'text':
    case 'textarea': {
      const value = typeof given === 'string' ? given : typeof given === 'number' ? String(given) : '';
      const maxLength = input.maxLength === undefined ? undefined : Math.max(input.maxLength, value.length);
      return {
        type: 'Input.Text',
        ...base,
        ...(input.kind === 'textarea' && { isMultiline: true }),
        ...(maxLength && { maxLength }),
        ...(value && { value }),
        ...placeholder,
      };
    }
    case 'number': {
      const value =
        typeof given === 'number' ? given : typeof given === 'string' && given.trim() !== '' ? Number(given) : NaN;
      return { type: 'Input.Number', ...base, ...(Number.isFinite(value) && { value }), ...placeholder };
    }
    case 'user': {
      const id =
        typeof given === 'string'
          ? /^(?:teams:)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(given)?.[1]
          : undefined;
      return {
        type: 'Input.ChoiceSet',
        ...base,
        choices: [],
        'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
        isMultiSelect: false,
        ...(id && { value: id }),
        ...placeholder,
      };
    }
    case 'select':
    case 'multiselect':
      return choiceSet(base, options, given, input.kind === 'multiselect', placeholder);
    case 'checkbox': {
      if (options.length > 1) return choiceSet(base, options, given, true, {}, 'expanded');
      const only = options[0];
      const on =
        given === true ||
        given === 'true' ||
        (only !== undefined && (Array.isArray(given) ? given : [given]).includes(only.value));
      return {
        type: 'Input.Toggle',
        ...base,
        title: label(only?.label ?? input.hint ?? input.label, LIMITS.choiceTitle),
        valueOn: 'true',
        valueOff: 'false',
        value: on ? 'true' : 'false',
        wrap: true,
      };
    }
    default:
      return assertNever(input.kind);
  }
}

function choiceSet(
  base: CardElement,
  options: NonNullable<InputBlock['options']>,
  given: InputBlock['initial'],
  multi: boolean,
  placeholder: CardElement,
  style: 'expanded' | 'compact' = options.length <= LIMITS.expandedChoices ? 'expanded' : 'compact',
): CardElement | undefined {
  if (options.length === 0) return undefined;
  const choices = options.map((o) => {
    const note = o.description && o.description.length <= LIMITS.choiceDescription ? ` — ${o.description}` : '';
    return {
      title: label(`${cut(o.label, LIMITS.choiceTitle)}${note}`, LIMITS.choiceTitle + note.length),
      value: o.value,
    };
  });
  const wanted = Array.isArray(given) ? given : typeof given === 'string' ? [given] : [];
  const chosen = options.filter((o) => wanted.includes(o.value)).map((o) => o.value);
  const value = multi ? chosen.join(',') : chosen[0];
  return {
    type: 'Input.ChoiceSet',
    ...base,
    choices,
    style,
    isMultiSelect: multi,
    wrap: true,
    ...(value && { value }),
    ...(style === 'compact' && placeholder),
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
