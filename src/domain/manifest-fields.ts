import { z } from 'zod';
import { AUDIENCES, CONTROLS, DATA_CLASSIFICATIONS, DATA_TYPES } from './manifest-vocabulary';
import { mixedScriptProblem } from './name-skeleton';
import {
  choice,
  choices,
  count,
  externalRef,
  flag,
  httpsUrl,
  integration,
  repository,
  text,
  userRef,
} from './manifest-values';

/** How a field is entered in a form. */
export type FieldKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'user'
  | 'select'
  | 'multiselect'
  | 'flag'
  | 'lines'
  | 'integrations';

/** The form section a field belongs to. */
export type FieldSection = 'basics' | 'data' | 'operations';

/** One manifest field: its schema and how a form asks for it. */
export interface FieldSpec {
  key: string;
  label: string;
  hint: string;
  section: FieldSection;
  kind: FieldKind;
  options?: readonly string[];
  /** Required by the schema itself; the policy may require more per tier or classification. */
  required: boolean;
  maxLength?: number;
  /** What to do when the policy demands the field and it is empty: "Name a backup owner who …". */
  need?: string;
  schema: z.ZodType;
}

/** Every manifest field, in form order. The zod schema and the registration form are both built from this list. */
export const MANIFEST_FIELDS: readonly FieldSpec[] = [
  {
    key: 'name',
    label: 'App name',
    hint: 'A short, unique name, like "Expense tracker".',
    section: 'basics',
    kind: 'text',
    required: true,
    maxLength: 60,
    schema: text('App name', 3, 60, { oneLine: true }).superRefine((v, ctx) => {
      const problem = mixedScriptProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: `App name ${problem}` });
    }),
  },
  {
    key: 'purpose',
    label: 'Purpose',
    hint: 'What it does and for whom.',
    section: 'basics',
    kind: 'textarea',
    required: true,
    maxLength: 1000,
    schema: text('Purpose', 10, 1000),
  },
  {
    key: 'owner',
    label: 'Owner',
    hint: 'The person accountable for the app.',
    section: 'basics',
    kind: 'user',
    required: true,
    schema: userRef('Owner'),
  },
  {
    key: 'backupOwner',
    label: 'Backup owner',
    hint: 'Takes over if the owner leaves. Needed for team-wide apps and up.',
    section: 'basics',
    kind: 'user',
    required: false,
    need: 'Name a backup owner who can take over if you leave',
    schema: userRef('Backup owner').optional(),
  },
  {
    key: 'businessUnit',
    label: 'Business unit',
    hint: 'The team or department that runs it.',
    section: 'basics',
    kind: 'text',
    required: false,
    maxLength: 100,
    schema: text('Business unit', 1, 100).optional(),
  },
  {
    key: 'audience',
    label: 'Who uses it',
    hint: 'Pick the widest group that will use it.',
    section: 'basics',
    kind: 'select',
    options: AUDIENCES,
    required: true,
    schema: choice('Who uses it', AUDIENCES),
  },
  {
    key: 'expectedUsers',
    label: 'Expected users',
    hint: 'About how many people will use it.',
    section: 'basics',
    kind: 'number',
    required: true,
    schema: count('Expected users', 10_000_000),
  },
  {
    key: 'builtWith',
    label: 'Built with',
    hint: 'The platform and assistant that built it, like "Retool + Copilot".',
    section: 'basics',
    kind: 'text',
    required: false,
    maxLength: 200,
    schema: text('Built with', 1, 200).optional(),
  },
  {
    key: 'externalRefs',
    label: 'External refs',
    hint: 'Where discovery finds this app, one "<source>:<id>" per line, like github:acme/renewal-nudger.',
    section: 'operations',
    kind: 'lines',
    required: false,
    maxLength: 3000,
    schema: z
      .array(externalRef, { error: 'External refs must be a list, like ["zapier:z-1001"].' })
      .max(50, { error: 'At most 50 external refs.' })
      .default([]),
  },
  {
    key: 'repository',
    label: 'Code repository',
    hint: 'Where its code lives, like https://github.com/acme/renewal-nudger: CI jobs of that repository may ask the gate about it.',
    section: 'operations',
    kind: 'text',
    required: false,
    maxLength: 300,
    schema: repository.optional(),
  },
  {
    key: 'repositoryOwnerId',
    label: 'Repository owner id',
    hint: 'The number of the GitHub organisation or GitLab group that owns the repository (gh api orgs/acme --jq .id), so a renamed or re-created owner cannot pose as it.',
    section: 'operations',
    kind: 'text',
    required: false,
    maxLength: 20,
    schema: z
      .string({ error: 'The repository owner id must be text.' })
      .trim()
      .regex(/^\d{1,20}$/, {
        error:
          'Repository owner id is a number, like "1342004": find it with gh api orgs/<org> --jq .id (GitHub), or the group ID on the GitLab group page.',
      })
      .optional(),
  },
  {
    key: 'dataClassification',
    label: 'Data classification',
    hint: 'The most sensitive data it touches.',
    section: 'data',
    kind: 'select',
    options: DATA_CLASSIFICATIONS,
    required: true,
    schema: choice('Data classification', DATA_CLASSIFICATIONS),
  },
  {
    key: 'dataTypes',
    label: 'Kinds of data',
    hint: 'Tick every kind it stores or processes.',
    section: 'data',
    kind: 'multiselect',
    options: DATA_TYPES,
    required: false,
    schema: choices('Kinds of data', DATA_TYPES),
  },
  {
    key: 'integrations',
    label: 'Integrations',
    hint: 'One per line: system, read or write, and "secret" if it needs a credential. Example: salesforce read secret',
    section: 'data',
    kind: 'integrations',
    required: false,
    maxLength: 2000,
    schema: z
      .array(integration, { error: 'Integrations must be a list.' })
      .max(50, { error: 'At most 50 integrations.' })
      .default([]),
  },
  {
    key: 'thirdPartyLibraries',
    label: 'Third-party libraries',
    hint: 'One per line, name@version where you know it.',
    section: 'data',
    kind: 'lines',
    required: false,
    maxLength: 3000,
    schema: z
      .array(text('Each library', 1, 200), { error: 'Third-party libraries must be a list.' })
      .max(200, { error: 'At most 200 libraries.' })
      .default([]),
  },
  {
    key: 'productionEndpoints',
    label: 'Production endpoints',
    hint: 'One https:// address per line.',
    section: 'data',
    kind: 'lines',
    required: false,
    maxLength: 3000,
    schema: z
      .array(httpsUrl('Each production endpoint'), { error: 'Production endpoints must be a list.' })
      .max(50, { error: 'At most 50 endpoints.' })
      .default([]),
  },
  {
    key: 'requestedScopes',
    label: 'Requested scopes',
    hint: 'OAuth scopes or permissions it asks for, one per line.',
    section: 'data',
    kind: 'lines',
    required: false,
    maxLength: 3000,
    schema: z
      .array(text('Each scope', 1, 200), { error: 'Requested scopes must be a list.' })
      .max(100, { error: 'At most 100 scopes.' })
      .default([]),
  },
  {
    key: 'retentionDays',
    label: 'Retention (days)',
    hint: 'How long it keeps data. Needed for confidential and regulated data.',
    section: 'data',
    kind: 'number',
    required: false,
    need: 'Say how many days it keeps data before deleting it',
    schema: count('Retention (days)', 36_500).optional(),
  },
  {
    key: 'usesAI',
    label: 'Uses AI',
    hint: 'It calls an AI model.',
    section: 'operations',
    kind: 'flag',
    required: false,
    schema: flag('Uses AI'),
  },
  {
    key: 'aiOutputsExternal',
    label: 'AI output leaves the organisation',
    hint: 'AI-generated content goes to customers or the public.',
    section: 'operations',
    kind: 'flag',
    required: false,
    schema: flag('AI output leaves the organisation'),
  },
  {
    key: 'humanReviewOfOutputs',
    label: 'A person checks AI output first',
    hint: 'Someone reviews external output before it goes out.',
    section: 'operations',
    kind: 'flag',
    required: false,
    schema: flag('A person checks AI output first'),
  },
  {
    key: 'automatedDecisionsAboutPeople',
    label: 'Makes decisions about people',
    hint: 'Hiring, performance, credit or access to opportunity.',
    section: 'operations',
    kind: 'flag',
    required: false,
    schema: flag('Makes decisions about people'),
  },
  {
    key: 'directProductionDbAccess',
    label: 'Reads or writes production databases directly',
    hint: 'Connects straight to a production database.',
    section: 'operations',
    kind: 'flag',
    required: false,
    schema: flag('Reads or writes production databases directly'),
  },
  {
    key: 'impersonatesEmployees',
    label: 'Sends messages as a named person',
    hint: 'Automated messages appear to come from an employee.',
    section: 'operations',
    kind: 'flag',
    required: false,
    schema: flag('Sends messages as a named person'),
  },
  {
    key: 'financialTransactions',
    label: 'Moves money on its own',
    hint: 'Makes payments or transfers without a person.',
    section: 'operations',
    kind: 'flag',
    required: false,
    schema: flag('Moves money on its own'),
  },
  {
    key: 'healthEndpoint',
    label: 'Health endpoint',
    hint: 'An https:// address that returns a status JSON.',
    section: 'operations',
    kind: 'text',
    required: false,
    maxLength: 2000,
    need: 'Give an https:// address that shows whether the app is working',
    schema: httpsUrl('Health endpoint').optional(),
  },
  {
    key: 'decommissionPlan',
    label: 'Decommission plan',
    hint: 'What happens to its data and users when it is retired.',
    section: 'operations',
    kind: 'textarea',
    required: false,
    maxLength: 1000,
    need: 'Say what happens to its data and users when it is retired',
    schema: text('Decommission plan', 10, 1000).optional(),
  },
  {
    key: 'controls',
    label: 'Controls in place',
    hint: 'Tick what you attest is in place.',
    section: 'operations',
    kind: 'multiselect',
    options: CONTROLS,
    required: false,
    schema: choices('Controls in place', CONTROLS),
  },
];

/** Looks up a field by key; undefined for unknown keys. */
export function fieldSpec(key: string): FieldSpec | undefined {
  return MANIFEST_FIELDS.find((f) => f.key === key);
}
