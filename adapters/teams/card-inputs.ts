import type { InputBlock } from '../../src/ports/view-model';
import { assertNever } from '../../src/ports/view-model';
import { LIMITS } from './card-limits';
import type { CardElement } from './card-text';
import { cut, label, richText } from './card-text';

/** The input, then right under it the problem from the last submission, then its hint. */
export function renderInput(input: InputBlock): CardElement[] {
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
      // The picked person travels as a static choice, so Teams shows their name rather than an id.
      const picked = id ? options.find((o) => o.value === given) : undefined;
      return {
        type: 'Input.ChoiceSet',
        ...base,
        choices: picked && id ? [{ title: label(picked.label, LIMITS.choiceTitle), value: id }] : [],
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
