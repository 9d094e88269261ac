import type { Block, InputBlock, View } from '../../src/ports/view-model';
import { assertNever } from '../../src/ports/view-model';
import { readerDatesInUtc, renderReaderDates, utcDay } from '../../src/views/reader-dates';

/** Block Kit limits this renderer keeps to (DESIGN.md section 6). */
export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  homeBlocks: 100,
  modalTitle: 24,
  sectionText: 3000,
  fieldText: 2000,
  /** Ours: a field's label is a few words; longer ones are cut so the value keeps its room. */
  fieldLabel: 200,
  fields: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  blockId: 255,
  actionId: 255,
  label: 2000,
  hint: 2000,
  placeholder: 150,
  optionText: 75,
  optionDescription: 75,
  options: 100,
  /** Radio buttons and checkboxes show at most this many options; longer lists become menus. */
  inlineOptions: 10,
  textInput: 3000,
  contextText: 3000,
  fallbackText: 3000,
  privateMetadata: 3000,
} as const;

type SlackBlock = Record<string, unknown>;

/**
 * Escapes the three characters Slack's mrkdwn treats as markup, so user text cannot mention or link;
 * then writes each reader date (a card in a channel) as Slack's date token, which every reader sees
 * in their own zone, with the day in UTC as the fallback ("Formatting text for app surfaces":
 * `<!date^unix^{date_short_pretty}|fallback>`). The token is added after escaping, so it stays one.
 */
export function escapeMrkdwn(text: string): string {
  return renderReaderDates(
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    (at) => `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty}|${utcDay(at)}>`,
  );
}

/** Cuts text to `max` characters, ending with an ellipsis when cut. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Cuts escaped mrkdwn to `max` characters like {@link cut}, never inside a date token (`<!date^…>`)
 * or an escaped character (`&amp;`): one cut in two would show as broken markup.
 */
export function cutMarkup(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = text.slice(0, max - 1);
  const open = kept.lastIndexOf('<');
  if (open > kept.lastIndexOf('>')) kept = kept.slice(0, open);
  const amp = kept.lastIndexOf('&');
  if (amp >= 0 && amp > kept.lastIndexOf(';') && kept.length - amp < 6) kept = kept.slice(0, amp);
  return `${kept}…`;
}

/** Escaped mrkdwn that Slack will not auto-link (URLs, #channels) or parse for mentions. */
function mrkdwn(text: string, max: number) {
  return { type: 'mrkdwn', text: cutMarkup(escapeMrkdwn(text), max), verbatim: true };
}

/**
 * A field: its label in bold on the first line, its value below. Both are escaped like any text;
 * the label loses any asterisk of its own so that nothing but the bold markers can format it.
 */
function labelled(label: string, value: string) {
  const bare = label.replace(/\*/g, '').trim();
  const head = bare ? `*${cutMarkup(escapeMrkdwn(bare), LIMITS.fieldLabel)}*\n` : '';
  return {
    type: 'mrkdwn',
    text: head + cutMarkup(escapeMrkdwn(value), LIMITS.fieldText - head.length),
    verbatim: true,
  };
}

/** Plain text, where Slack formats nothing: a reader date is its day in UTC, naming the zone. */
function plain(text: string, max: number) {
  return { type: 'plain_text', text: cut(readerDatesInUtc(text), max), emoji: false };
}

/** A neutral view as message blocks plus a plain-text notification fallback. */
export function toMessage(
  view: View,
  maxBlocks: number = LIMITS.messageBlocks,
): { text: string; blocks: SlackBlock[] } {
  const blocks: SlackBlock[] = [{ type: 'header', text: plain(view.title, LIMITS.headerText) }];
  for (const block of view.blocks) blocks.push(...renderBlock(block));
  return {
    text: cutMarkup(escapeMrkdwn(view.title), LIMITS.fallbackText),
    blocks: blocks.slice(0, maxBlocks),
  };
}

/**
 * Plain text as a reply to one person (an ephemeral message or a slash command's response), on the
 * same escaping path as every message: no user text can mention anyone or make a link.
 */
export function toReply(text: string): { text: string; blocks: SlackBlock[] } {
  return {
    text: cutMarkup(escapeMrkdwn(text), LIMITS.fallbackText),
    blocks: [{ type: 'section', text: mrkdwn(text, LIMITS.sectionText) }],
  };
}

/** A neutral form (or message) as a modal view. */
export function toModal(view: View, callbackId: string, privateMetadata = ''): SlackBlock {
  const blocks = view.blocks.flatMap(renderBlock).slice(0, LIMITS.modalBlocks);
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: privateMetadata.slice(0, LIMITS.privateMetadata),
    title: plain(view.title, LIMITS.modalTitle),
    ...(view.submitLabel && { submit: plain(view.submitLabel, LIMITS.modalTitle) }),
    close: plain(view.closeLabel ?? 'Close', LIMITS.modalTitle),
    blocks,
  };
}

/** A neutral view as the App Home tab. */
export function toHome(view: View): SlackBlock {
  return { type: 'home', blocks: toMessage(view, LIMITS.homeBlocks).blocks };
}

function renderBlock(block: Block): SlackBlock[] {
  switch (block.type) {
    case 'header':
      return [{ type: 'header', text: plain(block.text, LIMITS.headerText) }];
    case 'text': {
      const bullets = (block.items ?? []).map((i) => `• ${i}`);
      return [
        {
          type: 'section',
          text: mrkdwn([toneMark(block.tone) + block.text, ...bullets].join('\n'), LIMITS.sectionText),
        },
      ];
    }
    case 'fields':
      return [
        {
          type: 'section',
          fields: block.fields.slice(0, LIMITS.fields).map((f) => labelled(f.label, f.value)),
        },
      ];
    case 'actions':
      return [
        {
          type: 'actions',
          elements: block.buttons.map((b) => ({
            type: 'button',
            action_id: b.actionId.slice(0, LIMITS.actionId),
            text: plain(b.label, LIMITS.buttonText),
            value: b.value.slice(0, LIMITS.buttonValue),
            ...(b.style && { style: b.style }),
          })),
        },
      ];
    case 'input':
      return [renderInput(block)];
    case 'divider':
      return [{ type: 'divider' }];
    case 'context':
      return [{ type: 'context', elements: [mrkdwn(block.text, LIMITS.contextText)] }];
    case 'code':
      return codeSections(block.text);
    default:
      return assertNever(block);
  }
}

/**
 * Text to copy as mrkdwn code blocks (three backticks around it), escaped on the one path like any
 * text: Slack shows `&amp;`, `&lt;` and `&gt;` inside a code block as the characters and formats,
 * links and mentions nothing there. Lines are never cut: text longer than a section holds goes on
 * in the next section, at a line break.
 */
function codeSections(text: string): SlackBlock[] {
  const room = LIMITS.sectionText - 6;
  const sections: string[] = [];
  let current = '';
  for (const line of text.replace(/\n$/, '').split('\n').map(escapeMrkdwn)) {
    const next = current === '' ? line : `${current}\n${line}`;
    if (next.length > room && current !== '') {
      sections.push(current);
      current = line;
    } else current = next;
  }
  sections.push(current);
  return sections.map((s) => ({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${s}\`\`\``, verbatim: true } }));
}

function toneMark(tone: 'normal' | 'good' | 'warning' | 'danger' | undefined): string {
  return tone === 'good' ? '✅ ' : tone === 'warning' ? '⏳ ' : tone === 'danger' ? '⛔ ' : '';
}

/**
 * An input block. Short lists are shown in full (radio buttons, checkboxes, with what each choice
 * means); longer ones become menus, where Block Kit shows no descriptions. A problem from the last
 * submission replaces the hint, since a re-rendered view cannot use `response_action: 'errors'`.
 */
function renderInput(input: InputBlock): SlackBlock {
  const hint = input.error ? `⚠ ${input.error}` : input.kind === 'checkbox' ? undefined : input.hint;
  const element = renderElement(input);
  if (!element)
    return { type: 'context', elements: [mrkdwn([input.label, hint].filter(Boolean).join(': '), LIMITS.contextText)] };
  return {
    type: 'input',
    block_id: input.id.slice(0, LIMITS.blockId),
    optional: input.optional,
    label: plain(input.label, LIMITS.label),
    ...(hint && { hint: plain(hint, LIMITS.hint) }),
    element: { ...element, action_id: input.id.slice(0, LIMITS.actionId) },
  };
}

/** The input's element, or undefined for a choice with nothing to choose from (Slack refuses empty option lists). */
function renderElement(input: InputBlock): SlackBlock | undefined {
  const choices = (input.options ?? []).slice(0, LIMITS.options);
  const inline = choices.length <= LIMITS.inlineOptions;
  const options = choices.map((o) => ({
    text: plain(o.label, LIMITS.optionText),
    value: o.value,
    ...(inline && o.description && { description: plain(o.description, LIMITS.optionDescription) }),
  }));
  const given = input.initial;
  const chosen = options.filter((o) => (Array.isArray(given) ? given : [given]).includes(o.value));
  const placeholder = input.placeholder ? { placeholder: plain(input.placeholder, LIMITS.placeholder) } : {};
  switch (input.kind) {
    case 'text':
    case 'textarea': {
      const initial = typeof given === 'string' ? given.slice(0, LIMITS.textInput) : '';
      return {
        type: 'plain_text_input',
        multiline: input.kind === 'textarea',
        ...(input.maxLength && { max_length: Math.min(Math.max(input.maxLength, initial.length), LIMITS.textInput) }),
        ...(initial && { initial_value: initial }),
        ...placeholder,
      };
    }
    case 'number': {
      const initial = given === undefined || typeof given === 'boolean' ? '' : String(given).trim();
      return {
        type: 'number_input',
        is_decimal_allowed: false,
        min_value: '1',
        ...(/^[1-9]\d{0,8}$/.test(initial) && { initial_value: initial }),
        ...placeholder,
      };
    }
    case 'user': {
      const id = typeof given === 'string' ? /^slack:([UW][A-Z0-9]+)$/.exec(given)?.[1] : undefined;
      return { type: 'users_select', ...(id && { initial_user: id }), ...placeholder };
    }
    case 'select':
      if (options.length === 0) return undefined;
      return inline
        ? { type: 'radio_buttons', options, ...(chosen[0] && { initial_option: chosen[0] }) }
        : { type: 'static_select', options, ...(chosen[0] && { initial_option: chosen[0] }), ...placeholder };
    case 'multiselect':
      if (options.length === 0) return undefined;
      return inline
        ? { type: 'checkboxes', options, ...(chosen.length > 0 && { initial_options: chosen }) }
        : {
            type: 'multi_static_select',
            options,
            ...(chosen.length > 0 && { initial_options: chosen }),
            ...placeholder,
          };
    case 'checkbox': {
      const option = { text: plain(input.hint ?? input.label, LIMITS.optionText), value: 'true' };
      return { type: 'checkboxes', options: [option], ...(given === true && { initial_options: [option] }) };
    }
    default:
      return assertNever(input.kind);
  }
}
