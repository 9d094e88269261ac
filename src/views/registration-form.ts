import { sourceWords } from './discovery-words';
import type { Choice } from '../domain/registration-answers';
import {
  ACCESS_CHOICES,
  ACTIVITY_CHOICES,
  DATA_CHOICES,
  OTHER_SYSTEM,
  SYSTEM_ACCESS_PREFIX,
} from '../domain/registration-answers';
import type { RegistrationFormState } from '../domain/registration-draft';
import { AUDIENCE_CHOICES, QUESTION_WORDS } from '../domain/registration-questions';
import { reasonLines } from './risk-summary';
import type { Block, InputBlock, View } from '../ports/view-model';
import { TIER_NAMES, approvalsWording } from './wording';
import { CONTROLS, DATA_CLASSIFICATIONS, categoryLabel, optionLabel } from '../domain/manifest-vocabulary';
import type { Control } from '../domain/manifest-vocabulary';

const CLASSIFICATION_MEANINGS: Record<string, string> = {
  public: 'Fine to publish',
  internal: 'For staff only; little harm if it leaked',
  confidential: 'Would hurt customers, staff or the business if it leaked',
  regulated: 'Protected by law or contract: health, card or similar data',
};

/** What each control means, in plain words; short enough to show under the choice on both platforms. */
const CONTROL_MEANINGS: Record<Control, string> = {
  encryption: 'Its data is scrambled when stored and when sent',
  dlp: 'A company tool blocks sensitive data from leaving',
  logging: 'It keeps a record of what it did and when',
  retries: 'A failed step is tried again or sent to a person',
  rollback: 'You know how to undo a bad change or go back a version',
  incidentContact: 'A named person to call when it breaks or leaks',
  privacyImpactAssessment: 'The privacy team checked how it uses personal data',
  vaultSecrets: 'Its passwords and keys are in the company vault, not in it',
};

/** The registration (or change) form at the step the draft is on. */
export function registrationForm(state: RegistrationFormState): View {
  const title = state.draft.appId ? 'Change a micro app' : 'Register a micro app';
  const blocks = state.draft.step === 1 ? stepOne(state) : stepTwo(state);
  return { title, blocks, submitLabel: state.draft.step === 1 ? 'Next' : 'Submit', closeLabel: 'Cancel' };
}

function stepOne(state: RegistrationFormState): Block[] {
  const ask = asker(state);
  const systems = [...state.systems]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => ({ value: s.id, label: s.name, description: categoryLabel(s.category) ?? '' }));
  return [
    {
      type: 'text',
      text: state.draft.appId
        ? `Change what "${state.appName}" does. Small changes are recorded at once; a change that raises the risk is reviewed while the approved version stays in force.`
        : `${discoveredLine(state)}Eight quick questions. Tools only you use, on data that is not sensitive, are approved at once; we ask more only when your answers need it.`,
    },
    ask('name', QUESTION_WORDS.name, 'text', 'A short name people will recognise. It must be unique.', {
      placeholder: 'Expense tracker',
      maxLength: 60,
    }),
    ask('purpose', QUESTION_WORDS.purpose, 'textarea', 'One or two sentences: what it does and who it is for.', {
      placeholder: 'Collects receipts from my inbox and adds them to a monthly sheet.',
      maxLength: 1000,
    }),
    ask('audience', QUESTION_WORDS.audience, 'select', 'Pick the widest group that will use it.', {
      options: AUDIENCE_CHOICES,
    }),
    ask(
      'expectedUsers',
      QUESTION_WORDS.expectedUsers,
      'number',
      'A rough number is fine. Leave it empty when it is just you.',
      { optional: true },
    ),
    ask(
      'data',
      QUESTION_WORDS.data,
      'multiselect',
      'Tick everything it reads or keeps. We suggest how sensitive that is; you can change it.',
      { options: DATA_CHOICES },
    ),
    ask(
      'systems',
      QUESTION_WORDS.systems,
      'multiselect',
      'Pick them from the approved catalog, or "Something else" for one that is not listed. Leave empty if none.',
      {
        optional: true,
        options: [
          ...systems,
          { value: OTHER_SYSTEM, label: 'Something else', description: 'A system that is not in the list' },
        ],
      },
    ),
    ask('activities', QUESTION_WORDS.activities, 'multiselect', 'Tick all that apply; leave empty if none.', {
      optional: true,
      options: ACTIVITY_CHOICES,
    }),
    ask('builtWith', QUESTION_WORDS.builtWith, 'text', 'The tool and assistant, like "Power Automate and Copilot".', {
      optional: true,
      placeholder: 'Power Automate and Copilot',
      maxLength: 200,
    }),
  ];
}

/** For a form opened from a discovery question: what it registers, and that it will be linked to the item found. */
function discoveredLine(state: RegistrationFormState): string {
  const refs = state.draft.externalRefs ?? [];
  if (refs.length === 0) return '';
  const what = state.discovered
    ? `"${state.discovered.name}", found in ${sourceWords(state.discovered.source)}`
    : refs.join(', ');
  return `This registers ${what}, and links it to what discovery found (${refs.join(', ')}). `;
}

function stepTwo(state: RegistrationFormState): Block[] {
  const ask = asker(state);
  const demanded = (id: string) => state.demanded?.includes(id) ?? true;
  const asked = new Set(state.draft.asked);
  const blocks: Block[] = [...outlookBlocks(state)];
  const names = new Map(state.systems.map((s) => [s.id, s.name]));
  for (const id of state.draft.asked.filter((a) => a.startsWith(SYSTEM_ACCESS_PREFIX))) {
    const system = id.slice(SYSTEM_ACCESS_PREFIX.length);
    blocks.push(
      ask(
        id,
        `How does it use ${names.get(system) ?? system}?`,
        'select',
        'Pick one. A password or key means it signs in with its own login, token or API key; keep them in the vault, never in this form.',
        { options: ACCESS_CHOICES },
      ),
    );
  }
  if (asked.has('otherSystems')) {
    blocks.push(
      ask(
        'otherSystems',
        'Which other systems?',
        'textarea',
        'One per line, by name. Systems outside the catalog are checked by the platform team.',
        { placeholder: 'Airtable', maxLength: 2000 },
      ),
    );
    blocks.push(
      ask(
        'otherAccess',
        'How does it use them?',
        'select',
        'Pick one. If it differs per system, pick the one that reaches furthest.',
        { options: ACCESS_CHOICES },
      ),
    );
  }
  if (asked.has('dataClassification')) {
    const suggested = state.suggestedClassification
      ? ` From the data you ticked we suggest ${optionLabel(state.suggestedClassification)}; change it if you know better.`
      : '';
    blocks.push(
      ask(
        'dataClassification',
        'How sensitive is the data?',
        'select',
        `The most sensitive data it touches, which decides how carefully it must be handled.${suggested}`,
        {
          options: DATA_CLASSIFICATIONS.map((c) => ({
            value: c,
            label: optionLabel(c),
            description: CLASSIFICATION_MEANINGS[c]!,
          })),
        },
      ),
    );
  }
  if (asked.has('aiOutputsExternal'))
    blocks.push(
      ask(
        'aiOutputsExternal',
        'AI output',
        'checkbox',
        'What the AI writes reaches customers, partners or the public',
        { optional: true },
      ),
    );
  if (asked.has('humanReviewOfOutputs'))
    blocks.push(
      ask('humanReviewOfOutputs', 'Human check', 'checkbox', 'A person checks AI output before it goes out', {
        optional: true,
      }),
    );
  if (asked.has('backupOwner'))
    blocks.push(
      ask('backupOwner', 'Backup owner', 'user', 'Someone who can take over if you leave or are away.', {
        optional: !demanded('backupOwner'),
      }),
    );
  if (asked.has('retentionDays'))
    blocks.push(
      ask(
        'retentionDays',
        'How many days does it keep data?',
        'number',
        'Retention: how long it keeps what it collects. After this many days old data is deleted.',
        { optional: !demanded('retentionDays') },
      ),
    );
  if (asked.has('decommissionPlan'))
    blocks.push(
      ask(
        'decommissionPlan',
        'What happens when it is retired?',
        'textarea',
        'A decommission plan: when it is switched off for good, where its data goes and who is told, in a sentence or two.',
        {
          optional: !demanded('decommissionPlan'),
          placeholder: 'Export the sheet to the team drive, delete the flow and tell the team.',
          maxLength: 1000,
        },
      ),
    );
  if (asked.has('healthEndpoint'))
    blocks.push(
      ask(
        'healthEndpoint',
        'Health check address',
        'text',
        'An https:// address that shows whether it is working; your tool may call it a status page.',
        {
          optional: !demanded('healthEndpoint'),
          placeholder: 'https://status.example.com/expenses',
          maxLength: 2000,
        },
      ),
    );
  if (asked.has('controls')) {
    const required = state.outlook?.requiredControls ?? [];
    const ticked = Array.isArray(state.values.controls) ? state.values.controls : [];
    const usesSystems = state.draft.asked.some((a) => a.startsWith(SYSTEM_ACCESS_PREFIX) || a === 'otherAccess');
    const offered = CONTROLS.filter(
      (c) => required.includes(c) || ticked.includes(c) || (c === 'vaultSecrets' && usesSystems),
    );
    blocks.push(
      ask(
        'controls',
        'Which of these are in place today?',
        'multiselect',
        [
          'Tick only what is true now; reviewers rely on it.',
          required.length > 0 &&
            `Where it is heading needs ${listing(required.map(optionLabel))} in place before it can be submitted.`,
          usesSystems &&
            !required.includes('vaultSecrets') &&
            'If it uses a password or key, tick the vault too: it is needed then.',
        ]
          .filter(Boolean)
          .join(' '),
        {
          optional: required.length === 0,
          options: offered.map((c) => ({ value: c, label: optionLabel(c), description: CONTROL_MEANINGS[c] })),
        },
      ),
    );
  }
  if (asked.has('owner'))
    blocks.push(ask('owner', 'Owner', 'user', 'You, unless you register it for someone else; they get a message.'));
  if (asked.has('businessUnit'))
    blocks.push(
      ask('businessUnit', 'Team or department', 'text', 'The team that runs it.', { optional: true, maxLength: 100 }),
    );
  if (asked.has('thirdPartyLibraries')) {
    blocks.push({ type: 'header', text: 'Technical details (optional)' });
    blocks.push(
      ask('thirdPartyLibraries', 'Add-ons or libraries', 'textarea', 'One per line, with the version if you know it.', {
        optional: true,
        placeholder: 'chart.js@4.4.1',
        maxLength: 3000,
      }),
    );
    blocks.push(
      ask('productionEndpoints', 'Web addresses it runs at', 'textarea', 'One https:// address per line.', {
        optional: true,
        placeholder: 'https://expenses.example.com',
        maxLength: 3000,
      }),
    );
    blocks.push(
      ask('requestedScopes', 'Permissions it asks for', 'textarea', 'As its sign-in screen lists them, one per line.', {
        optional: true,
        placeholder: 'Files.Read',
        maxLength: 3000,
      }),
    );
  }
  return blocks;
}

function outlookBlocks(state: RegistrationFormState): Block[] {
  const a = state.outlook;
  if (!a) return [];
  const next =
    a.decision === 'auto_approve'
      ? 'it is approved as soon as you submit'
      : a.decision === 'review'
        ? `it waits for ${approvalsWording(a.requiredApprovals)} after you submit`
        : 'it would not be allowed';
  const blocks: Block[] = [
    {
      type: 'text',
      text: `From your answers this is heading for ${TIER_NAMES[a.tier]}: ${next}. A few more questions, only what that needs.`,
    },
  ];
  if (a.reasons.length > 0) blocks.push({ type: 'context', text: `Why: ${reasonLines(a).join(' ')}` });
  return blocks;
}

/** Words as "a, b and c". */
function listing(words: string[]): string {
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

type Asker = (
  id: string,
  label: string,
  kind: InputBlock['kind'],
  hint: string,
  extra?: { optional?: boolean; placeholder?: string; maxLength?: number; options?: readonly Choice[] },
) => InputBlock;

function asker(state: RegistrationFormState): Asker {
  return (id, label, kind, hint, extra = {}) => ({
    type: 'input',
    id,
    label,
    kind,
    optional: extra.optional ?? false,
    hint,
    placeholder: extra.placeholder,
    maxLength: extra.maxLength,
    options: extra.options?.map(({ value, label, description }) => ({ value, label, description })),
    initial: state.values[id],
    error: state.errors[id],
  });
}
