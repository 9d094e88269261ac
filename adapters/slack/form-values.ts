import { MANIFEST_FIELDS } from '../../src/domain/manifest-fields';
import type { FormValues } from '../../src/domain/registration-answers';
import { STEP_TWO_FIELDS } from '../../src/domain/registration-answers';

/** One input's state in a `view_submission` payload; Slack sends `null` for an input left empty. */
export interface SlackInputState {
  type: string;
  value?: string | null;
  selected_user?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[] | null;
}

/** Inputs shown as one checkbox (a yes/no flag): their state becomes a boolean. */
export const FLAG_INPUTS: ReadonlySet<string> = new Set(
  MANIFEST_FIELDS.filter((f) => f.kind === 'flag' && (STEP_TWO_FIELDS as readonly string[]).includes(f.key)).map(
    (f) => f.key,
  ),
);

/**
 * Reads a submitted modal's `view.state.values` (block id → action id → state) into neutral form
 * values: text and numbers as typed, one choice as its value, several as a list, users as
 * `slack:U…` refs and a single-checkbox flag as a boolean. Empty inputs become undefined (an empty
 * list for choices).
 */
export function readSlackFormValues(
  state: Record<string, Record<string, SlackInputState>>,
  flags: ReadonlySet<string> = FLAG_INPUTS,
): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const input = Object.values(actions)[0];
    if (!input) continue;
    const picked = (input.selected_options ?? []).map((o) => o.value);
    if (flags.has(blockId)) values[blockId] = picked.length > 0;
    else if (input.type === 'users_select')
      values[blockId] = input.selected_user ? `slack:${input.selected_user}` : undefined;
    else if (input.type === 'static_select' || input.type === 'radio_buttons')
      values[blockId] = input.selected_option?.value ?? undefined;
    else if (input.type === 'checkboxes' || input.type === 'multi_static_select') values[blockId] = picked;
    else values[blockId] = input.value ?? undefined;
  }
  return values;
}
