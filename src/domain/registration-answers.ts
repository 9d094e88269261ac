import type { Manifest } from './manifest';
import { MANIFEST_FIELDS } from './manifest-fields';
import { DATA_CLASSIFICATIONS } from './manifest-vocabulary';
import type { DataClassification, DataType } from './manifest-vocabulary';

/** Raw values of a submitted form, by input id. */
export type FormValues = Record<string, string | string[] | boolean | undefined>;

/** A choice in a plain-language question: what it means, and what it stands for in the manifest. */
export interface Choice {
  value: string;
  label: string;
  description: string;
}

/** "What data does it touch?", in words people use; each answer maps to data types and a suggested classification. */
export const DATA_CHOICES: readonly (Choice & { types: DataType[]; classification: DataClassification })[] = [
  {
    value: 'public',
    label: 'Public information',
    description: 'Anything already published: web pages, public figures',
    types: [],
    classification: 'public',
  },
  {
    value: 'internal',
    label: 'Internal work information',
    description: 'Plans, documents, tickets, internal figures',
    types: [],
    classification: 'internal',
  },
  {
    value: 'customer',
    label: 'Customer details',
    description: 'Names, emails, accounts or orders of customers',
    types: ['customer', 'pii'],
    classification: 'confidential',
  },
  {
    value: 'employee',
    label: 'Employee details',
    description: 'HR records, reviews, pay or contact details of staff',
    types: ['employee', 'pii'],
    classification: 'confidential',
  },
  {
    value: 'financial',
    label: 'Financial records',
    description: 'Invoices, payments, budgets, bank details',
    types: ['financial'],
    classification: 'confidential',
  },
  {
    value: 'personal',
    label: 'Other personal details',
    description: 'Names, contact details or IDs of other people',
    types: ['pii'],
    classification: 'confidential',
  },
  {
    value: 'health',
    label: 'Health information',
    description: 'Medical, sickness or wellbeing details about anyone',
    types: ['health', 'pii'],
    classification: 'regulated',
  },
  {
    value: 'credentials',
    label: 'Passwords or keys it saves',
    description: 'It stores logins or API keys to use later',
    types: ['credentials'],
    classification: 'confidential',
  },
];

/** "Does it do any of these?": AI use and the uses that are never allowed, one tick each. */
export const ACTIVITY_CHOICES: readonly (Choice & { flag: keyof Manifest })[] = [
  {
    value: 'usesAI',
    label: 'Uses AI',
    description: 'Calls an AI model such as ChatGPT, Copilot or Claude',
    flag: 'usesAI',
  },
  {
    value: 'automatedDecisionsAboutPeople',
    label: 'Decides about people on its own',
    description: 'Hiring, performance, credit or access to opportunity',
    flag: 'automatedDecisionsAboutPeople',
  },
  {
    value: 'directProductionDbAccess',
    label: 'Uses a production database',
    description: 'Reads or writes a live production database directly',
    flag: 'directProductionDbAccess',
  },
  {
    value: 'impersonatesEmployees',
    label: 'Sends messages as a named person',
    description: 'Its messages look as if a colleague wrote them',
    flag: 'impersonatesEmployees',
  },
  {
    value: 'financialTransactions',
    label: 'Moves money on its own',
    description: 'Makes payments or transfers without a person',
    flag: 'financialTransactions',
  },
];

/** How the app uses one system: access and whether it needs a password or key. */
export const ACCESS_CHOICES: readonly (Choice & { access: 'read' | 'write'; requiresSecret: boolean })[] = [
  {
    value: 'read',
    label: 'Reads data',
    description: 'Only looks; signs in as you or needs no login',
    access: 'read',
    requiresSecret: false,
  },
  {
    value: 'read_key',
    label: 'Reads data, with a password or key',
    description: 'Only looks, using its own password, token or API key',
    access: 'read',
    requiresSecret: true,
  },
  {
    value: 'write',
    label: 'Reads and changes data',
    description: 'Creates or updates records; signs in as you',
    access: 'write',
    requiresSecret: false,
  },
  {
    value: 'write_key',
    label: 'Changes data, with a password or key',
    description: 'Creates or updates records with its own password or key',
    access: 'write',
    requiresSecret: true,
  },
];

/** The choice in the systems pick-list for a system that is not in the catalog. */
export const OTHER_SYSTEM = 'other';
/** Input id prefix of the "how does it use <system>" questions. */
export const SYSTEM_ACCESS_PREFIX = 'system.';

/** Input ids of the first step, in order: at most eight questions anyone can answer. */
export const STEP_ONE = [
  'name',
  'purpose',
  'audience',
  'expectedUsers',
  'data',
  'systems',
  'activities',
  'builtWith',
] as const;

/** Manifest fields the second step may ask for directly (the technical ones last). */
export const STEP_TWO_FIELDS = [
  'dataClassification',
  'owner',
  'backupOwner',
  'businessUnit',
  'aiOutputsExternal',
  'humanReviewOfOutputs',
  'retentionDays',
  'decommissionPlan',
  'healthEndpoint',
  'controls',
  'thirdPartyLibraries',
  'productionEndpoints',
  'requestedScopes',
] as const;

/** What the answers say beyond the manifest input: the classification they suggest. */
export interface ReadAnswers {
  input: Record<string, unknown>;
  suggestedClassification: DataClassification;
}

/**
 * Turns the form's answers (both steps, as far as given) into manifest input for the one schema.
 * Anything odd is passed on for the schema to explain; nothing is dropped silently. `externalRefs`
 * has no input of its own: it is carried from the stored manifest (or a pre-filled form) unchanged.
 */
export function answersToInput(values: FormValues, owner: string): ReadAnswers {
  const list = (id: string) => toList(values[id]);
  const data = DATA_CHOICES.filter((c) => list('data').includes(c.value));
  const suggestedClassification = data.reduce<DataClassification>(
    (top, c) => (rank(c.classification) > rank(top) ? c.classification : top),
    'public',
  );
  const input: Record<string, unknown> = { owner };
  for (const id of ['name', 'purpose', 'audience', 'builtWith'] as const)
    if (text(values[id])) input[id] = text(values[id]);
  input.expectedUsers = values.audience === 'personal' ? 1 : number(values.expectedUsers);
  if (data.length > 0) input.dataTypes = [...new Set(data.flatMap((c) => c.types))];
  input.dataClassification = text(values.dataClassification) ?? (data.length > 0 ? suggestedClassification : undefined);
  const activities = list('activities');
  for (const a of ACTIVITY_CHOICES) input[a.flag] = activities.includes(a.value);
  input.integrations = [
    ...list('systems')
      .filter((s) => s !== OTHER_SYSTEM)
      .map((system) => ({ system, ...access(values[`${SYSTEM_ACCESS_PREFIX}${system}`]) })),
    ...(list('systems').includes(OTHER_SYSTEM)
      ? lines(values.otherSystems).map((system) => ({ system, ...access(values.otherAccess) }))
      : []),
  ];
  for (const key of STEP_TWO_FIELDS) {
    if (key === 'dataClassification' || values[key] === undefined || values[key] === '') continue;
    const spec = MANIFEST_FIELDS.find((f) => f.key === key)!;
    const raw = values[key];
    if (spec.kind === 'flag') input[key] = raw === true || raw === 'true';
    else if (spec.kind === 'number') input[key] = number(raw);
    else if (spec.kind === 'multiselect') input[key] = toList(raw);
    else if (spec.kind === 'lines') input[key] = lines(raw);
    else input[key] = text(raw);
  }
  if (values.externalRefs !== undefined && values.externalRefs !== '') input.externalRefs = lines(values.externalRefs);
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  return { input, suggestedClassification };
}

/**
 * The answers that reproduce a stored manifest, so a change starts from what was declared.
 * `catalogIds` says which integration systems the pick-list knows; the rest become "something else".
 */
export function manifestToAnswers(m: Manifest, catalogIds: ReadonlySet<string>): FormValues {
  const known = m.integrations.filter((i) => catalogIds.has(i.system));
  const other = m.integrations.filter((i) => !catalogIds.has(i.system));
  const values: FormValues = {
    name: m.name,
    purpose: m.purpose,
    audience: m.audience,
    expectedUsers: String(m.expectedUsers),
    data: dataAnswers(m),
    systems: [...known.map((i) => i.system), ...(other.length > 0 ? [OTHER_SYSTEM] : [])],
    activities: ACTIVITY_CHOICES.filter((a) => m[a.flag] === true).map((a) => a.value),
    builtWith: m.builtWith,
    otherSystems: other.map((i) => i.system).join('\n') || undefined,
    otherAccess: other[0] && accessChoice(other[0]),
  };
  for (const i of known) values[`${SYSTEM_ACCESS_PREFIX}${i.system}`] = accessChoice(i);
  if (m.externalRefs?.length) values.externalRefs = m.externalRefs.join('\n');
  for (const key of STEP_TWO_FIELDS) {
    const v = m[key as keyof Manifest];
    if (v === undefined) continue;
    values[key] = Array.isArray(v)
      ? key === 'controls'
        ? (v as string[])
        : (v as string[]).join('\n')
      : typeof v === 'boolean'
        ? v
        : String(v);
  }
  return values;
}

/** The form input a manifest field's problem belongs on. */
export function inputFor(field: string, path = field): string {
  if (field === 'dataTypes') return 'data';
  if (field === 'integrations') return /^integrations\.\d+/.test(path) ? 'otherSystems' : 'systems';
  if (ACTIVITY_CHOICES.some((a) => a.flag === field)) return 'activities';
  return field;
}

function dataAnswers(m: Manifest): string[] {
  const picked = DATA_CHOICES.filter((c) => c.types.length > 0 && c.types.every((t) => m.dataTypes.includes(t)));
  const covered = new Set(picked.filter((c) => c.value !== 'personal').flatMap((c) => c.types));
  const answers = picked.filter((c) => c.value !== 'personal' || !covered.has('pii')).map((c) => c.value);
  return answers.length > 0 ? answers : [m.dataClassification === 'public' ? 'public' : 'internal'];
}

function accessChoice(i: { access: string; requiresSecret: boolean }): string {
  return ACCESS_CHOICES.find((c) => c.access === i.access && c.requiresSecret === i.requiresSecret)!.value;
}

function access(raw: FormValues[string]): { access: string; requiresSecret: boolean } {
  const choice = ACCESS_CHOICES.find((c) => c.value === text(raw)) ?? ACCESS_CHOICES[0]!;
  return { access: choice.access, requiresSecret: choice.requiresSecret };
}

/** Rank of a classification: public 0 … regulated 3. */
export function rank(c: DataClassification): number {
  return DATA_CLASSIFICATIONS.indexOf(c);
}

function text(raw: FormValues[string]): string | undefined {
  if (raw === undefined || raw === null || typeof raw === 'boolean') return undefined;
  const t = (Array.isArray(raw) ? raw.join('\n') : raw).trim();
  return t === '' ? undefined : t;
}

function number(raw: FormValues[string]): unknown {
  const t = text(raw);
  return t === undefined ? undefined : /^\d{1,9}$/.test(t) ? Number(t) : t;
}

/** A form value as a list: a multi-choice as it is, one choice as a list of one, nothing as empty. */
export function toList(raw: FormValues[string]): string[] {
  if (Array.isArray(raw)) return raw;
  return typeof raw === 'string' && raw ? [raw] : [];
}

function lines(raw: FormValues[string]): string[] {
  return (text(raw) ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}
