import type { FormValues } from '../../src/views/registration-form';

/** One input's state in a `view_submission` payload. */
interface SlackInputState {
  type: string;
  value?: string | null;
  selected_user?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
}

/**
 * Reads a submitted modal's `view.state.values` (block id → action id → state) into neutral form
 * values. Users become `slack:U…` refs; a single checkbox (a yes/no flag) becomes a boolean.
 */
export function readSlackFormValues(state: Record<string, Record<string, SlackInputState>>, flags: ReadonlySet<string>): FormValues {
  const values: FormValues = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const input = Object.values(actions)[0];
    if (!input) continue;
    if (flags.has(blockId)) values[blockId] = (input.selected_options ?? []).length > 0;
    else if (input.type === 'users_select') values[blockId] = input.selected_user ? `slack:${input.selected_user}` : undefined;
    else if (input.type === 'static_select') values[blockId] = input.selected_option?.value;
    else if (input.selected_options) values[blockId] = input.selected_options.map((o) => o.value);
    else values[blockId] = input.value ?? undefined;
  }
  return values;
}
