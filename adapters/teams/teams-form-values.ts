import type { FormValues } from '../../src/domain/registration-answers';
import type { InputBlock, View } from '../../src/ports/view-model';

/**
 * Reads a submitted dialog's `data` into neutral form values, using the form's own inputs to know
 * each kind: Adaptive Cards send every answer as text, several choices comma-joined, a toggle as
 * "true"/"false" and the people picker as the person's Entra object id (kept as is when it already
 * is a user ref or an email). Empty answers become undefined (an empty list for choices).
 */
export function readTeamsFormValues(data: Record<string, unknown>, form: View): FormValues {
  const values: FormValues = {};
  for (const input of form.blocks.filter((b): b is InputBlock => b.type === 'input')) {
    const raw = data[input.id];
    const text = raw === undefined || raw === null ? '' : String(raw).trim() === '' ? '' : String(raw);
    switch (input.kind) {
      case 'multiselect':
        values[input.id] = split(text);
        break;
      case 'checkbox':
        values[input.id] = (input.options?.length ?? 0) > 1 ? split(text) : text === 'true';
        break;
      case 'user':
        values[input.id] = text ? (/^[a-z]+:|@/.test(text) ? text : `teams:${text}`) : undefined;
        break;
      default:
        values[input.id] = text || undefined;
    }
  }
  return values;
}

function split(text: string): string[] {
  return text
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}
