/**
 * The platform-neutral view model: a small, closed set of blocks that the Slack and Teams renderers
 * each turn into their own format, with a plain-text fallback. All text here is user-facing and
 * unescaped; renderers escape it for their platform.
 */
export type Block =
  | HeaderBlock
  | TextBlock
  | FieldsBlock
  | ActionsBlock
  | InputBlock
  | DividerBlock
  | ContextBlock
  | CodeBlock;

/** A section title. */
export interface HeaderBlock {
  type: 'header';
  text: string;
}

/** A paragraph. `items` renders as a bulleted list under the text. */
export interface TextBlock {
  type: 'text';
  text: string;
  items?: string[];
  tone?: 'normal' | 'good' | 'warning' | 'danger';
}

/** Label/value pairs, shown side by side where the platform can. */
export interface FieldsBlock {
  type: 'fields';
  fields: { label: string; value: string }[];
}

/** A row of buttons. */
export interface ActionsBlock {
  type: 'actions';
  buttons: Button[];
}

/** A button: `actionId` says what it does, `value` which thing it acts on. */
export interface Button {
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
}

/** How an input is entered. */
export type InputKind = 'text' | 'textarea' | 'number' | 'user' | 'select' | 'multiselect' | 'checkbox';

/** A form input. `id` is the manifest field (or form field) it fills. */
export interface InputBlock {
  type: 'input';
  id: string;
  label: string;
  kind: InputKind;
  optional: boolean;
  hint?: string;
  /** Example text shown in an empty input. */
  placeholder?: string;
  /** Choices; `description` says what a choice means, where the platform can show it. */
  options?: { value: string; label: string; description?: string }[];
  initial?: string | string[] | number | boolean;
  maxLength?: number;
  /** The problem to show next to the input, from the last submission. */
  error?: string;
}

/** A horizontal rule. */
export interface DividerBlock {
  type: 'divider';
}

/** Small print: timestamps, ids, policy version. */
export interface ContextBlock {
  type: 'context';
  text: string;
}

/**
 * Text to be copied exactly (a signed checkpoint): shown in a fixed-width font with its line breaks,
 * never formatted, linked or cut by the renderer.
 */
export interface CodeBlock {
  type: 'code';
  text: string;
}

/** A message, card or form. Forms have a `submitLabel`. */
export interface View {
  title: string;
  blocks: Block[];
  submitLabel?: string;
  closeLabel?: string;
}

/** Fails to compile when a block type is not handled; throws if reached at run time. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled view block: ${JSON.stringify(value)}`);
}
