import type { FieldError } from '../domain/errors';
import type { FieldKind, FieldSection } from '../domain/manifest-fields';
import { MANIFEST_FIELDS, optionLabel } from '../domain/manifest-fields';
import type { Block, InputKind, View } from './view-model';

const SECTION_TITLES: Record<FieldSection, string> = {
  basics: 'Basics',
  data: 'Data and integrations',
  operations: 'Operations and controls',
};

const INPUT_KINDS: Record<FieldKind, InputKind> = {
  text: 'text',
  textarea: 'textarea',
  number: 'number',
  user: 'user',
  select: 'select',
  multiselect: 'multiselect',
  flag: 'checkbox',
  lines: 'textarea',
  integrations: 'textarea',
};

/** Raw values of a submitted registration form, by manifest field. */
export type FormValues = Record<string, string | string[] | boolean | undefined>;

/**
 * The registration form, generated from the manifest field list. `values` refills it (say, after a
 * failed submission, so nothing typed is lost) and `errors` puts each problem next to its input.
 */
export function registrationForm(values: FormValues = {}, errors: FieldError[] = []): View {
  const blocks: Block[] = [
    { type: 'text', text: 'Tell us about your micro app. It takes about two minutes; low-risk apps are approved at once.' },
  ];
  let section: FieldSection | undefined;
  for (const f of MANIFEST_FIELDS) {
    if (f.section !== section) {
      section = f.section;
      blocks.push({ type: 'header', text: SECTION_TITLES[section] });
    }
    const error = errors.filter((e) => e.field === f.key).map((e) => e.message).join(' ');
    blocks.push({
      type: 'input',
      id: f.key,
      label: f.label,
      kind: INPUT_KINDS[f.kind],
      optional: !f.required,
      hint: f.hint,
      options: f.options?.map((value) => ({ value, label: optionLabel(value) })),
      initial: values[f.key],
      maxLength: f.maxLength,
      error: error || undefined,
    });
  }
  return { title: 'Register a micro app', blocks, submitLabel: 'Register', closeLabel: 'Cancel' };
}

/** Turns form values into manifest input for the one schema; bad entries are passed on for it to explain. */
export function readRegistrationForm(values: FormValues): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of MANIFEST_FIELDS) {
    const raw = values[f.key];
    if (raw === undefined || raw === '') continue;
    const text = Array.isArray(raw) ? raw.join('\n') : String(raw);
    switch (f.kind) {
      case 'number':
        input[f.key] = /^\s*\d+\s*$/.test(text) ? Number(text) : text;
        break;
      case 'flag':
        input[f.key] = raw === true || text === 'true';
        break;
      case 'multiselect':
        input[f.key] = Array.isArray(raw) ? raw : lines(text);
        break;
      case 'lines':
        input[f.key] = lines(text);
        break;
      case 'integrations':
        input[f.key] = lines(text).map(readIntegration);
        break;
      default:
        input[f.key] = text;
    }
  }
  return input;
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

/**
 * "salesforce write secret" → { system: 'salesforce', access: 'write', requiresSecret: true }.
 * Access defaults to read; an unknown word is passed on as the access, for the schema to explain.
 */
function readIntegration(line: string): Record<string, unknown> {
  const [system = '', ...words] = line.split(/[\s,]+/);
  let access = 'read';
  let requiresSecret = false;
  for (const word of words.map((w) => w.toLowerCase())) {
    if (/^(secret|key|token|credential)s?$/.test(word)) requiresSecret = true;
    else access = word;
  }
  return { system, access, requiresSecret };
}
