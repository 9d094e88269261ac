import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Manifest } from '../domain/manifest';
import { parseManifest } from '../domain/manifest';
import { fieldSpec } from '../domain/manifest-fields';
import type { Choice, FormValues } from '../domain/registration-answers';
import { ACTIVITY_CHOICES, DATA_CHOICES, answersToInput } from '../domain/registration-answers';
import { AUDIENCE_CHOICES, QUESTION_WORDS } from '../domain/registration-questions';
import type { CliIo, ExitCode } from './cli-io';
import { EXIT, FileProblem, UsageError } from './cli-io';
import { STARTER_PATHS, gateStepScript, manifestYaml, readmeMarkdown, workflowYaml } from './starter-files';

/** The flags `microapp init` takes; each one answers a question so it is not asked. */
export interface InitOptions {
  name?: string;
  purpose?: string;
  owner?: string;
  audience?: string;
  users?: string;
  data?: string;
  repository?: string;
  /** Take the defaults for what no flag answers, and ask nothing. */
  yes?: boolean;
  /** Replace files that already exist. */
  force?: boolean;
}

/** Which flag answers each manifest field, for messages about flags. */
const FLAG_OF: Record<string, string> = {
  name: '--name',
  purpose: '--purpose',
  owner: '--owner',
  audience: '--audience',
  expectedUsers: '--users',
  dataTypes: '--data',
  dataClassification: '--data',
  repository: '--repository',
};

interface Question {
  id: string;
  /** The manifest fields the answer fills, whose problems mean the question is asked again. */
  fields: string[];
  text: string;
  choices?: readonly Choice[];
  multiple?: boolean;
  optional?: boolean;
  skip?: (values: FormValues) => boolean;
}

/** The chat form's question, then the manifest field's hint. */
const field = (question: string, key: string, extra = '') => `${question} ${fieldSpec(key)!.hint}${extra}`;

const QUESTIONS: readonly Question[] = [
  { id: 'name', fields: ['name'], text: field(QUESTION_WORDS.name, 'name') },
  { id: 'purpose', fields: ['purpose'], text: field(QUESTION_WORDS.purpose, 'purpose') },
  { id: 'owner', fields: ['owner'], text: field('Who owns it?', 'owner', ' Your email address.') },
  { id: 'audience', fields: ['audience'], text: field(QUESTION_WORDS.audience, 'audience'), choices: AUDIENCE_CHOICES },
  {
    id: 'expectedUsers',
    fields: ['expectedUsers'],
    text: field(QUESTION_WORDS.expectedUsers, 'expectedUsers'),
    skip: (v) => v.audience === 'personal',
  },
  {
    id: 'data',
    fields: ['dataTypes', 'dataClassification'],
    text: `${QUESTION_WORDS.data} Everything it reads or keeps; empty: internal work information only.`,
    choices: DATA_CHOICES,
    multiple: true,
    optional: true,
  },
  {
    id: 'systems',
    fields: ['integrations'],
    text: `${QUESTION_WORDS.systems} Comma-separated, each with read or write and "secret" if it signs in with its own password or key, like: salesforce read secret, sheets write. Empty: none.`,
    optional: true,
  },
  {
    id: 'activities',
    fields: ACTIVITY_CHOICES.map((a) => a.flag),
    text: `${QUESTION_WORDS.activities} Empty: none.`,
    choices: ACTIVITY_CHOICES,
    multiple: true,
    optional: true,
  },
  {
    id: 'builtWith',
    fields: ['builtWith'],
    text: field(QUESTION_WORDS.builtWith, 'builtWith', ' Empty to skip.'),
    optional: true,
  },
  {
    id: 'repository',
    fields: ['repository'],
    text: field('Where does its code live?', 'repository', ' Empty to skip.'),
    optional: true,
  },
];

/**
 * `microapp init`: writes a starter microapp.yaml, a CI workflow that runs the gate, and a README
 * into `io.cwd`. Asks the registration questions when `io.input` is a terminal (flags answer some),
 * otherwise takes flags; the manifest is checked before anything is written, and existing files
 * are kept unless `force`.
 */
export async function init(io: CliIo, options: InitOptions): Promise<ExitCode> {
  const paths = Object.values(STARTER_PATHS);
  const existing = paths.filter((p) => existsSync(resolve(io.cwd, p)));
  if (existing.length > 0 && !options.force)
    throw new FileProblem(
      `${existing.join(' and ')} already ${existing.length === 1 ? 'exists' : 'exist'} here; nothing was written. Run microapp init in a new folder, move ${existing.length === 1 ? 'it' : 'them'} away, or add --force to replace ${existing.length === 1 ? 'it' : 'them'}.`,
    );
  const values = flagValues(options);
  const manifest =
    io.input && !options.yes ? await ask(io, io.input, values) : fromFlags(values, String(values.owner ?? ''));
  const input = toInput(values);
  const files: [string, string][] = [
    [STARTER_PATHS.manifest, manifestYaml(input)],
    [STARTER_PATHS.workflow, workflowYaml()],
    [STARTER_PATHS.gateStep, gateStepScript()],
    [STARTER_PATHS.readme, readmeMarkdown(manifest)],
  ];
  const written: string[] = [];
  for (const [path, text] of files) {
    try {
      await mkdir(dirname(resolve(io.cwd, path)), { recursive: true });
      await writeFile(resolve(io.cwd, path), text, { flag: options.force ? 'w' : 'wx' });
    } catch (error) {
      await Promise.all(written.map((w) => rm(resolve(io.cwd, w), { force: true })));
      throw new FileProblem(
        `Cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}), so nothing was written. Run microapp init in a folder you can write to.`,
        { cause: error },
      );
    }
    written.push(path);
  }
  io.out(
    `${io.input && !options.yes ? '\n' : ''}Wrote ${paths.join(', ')}.\nNext: check microapp.yaml, then register it: microapp register --file microapp.yaml (or /microapp register in Slack, "register" in Teams).\n`,
  );
  return EXIT.ok;
}

function flagValues(options: InitOptions): FormValues {
  const data = options.data
    ?.split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const unknown = data?.find((d) => !DATA_CHOICES.some((c) => c.value === d));
  if (unknown !== undefined)
    throw new UsageError(
      `--data takes these, comma-separated: ${DATA_CHOICES.map((c) => c.value).join(', ')}; "${unknown}" is not one of them.`,
    );
  return {
    name: options.name,
    purpose: options.purpose,
    owner: options.owner,
    audience: options.audience ?? (options.yes ? 'personal' : undefined),
    expectedUsers: options.users,
    data,
    repository: options.repository,
  };
}

function toInput(values: FormValues): Record<string, unknown> {
  const { input } = answersToInput(
    { ...values, data: Array.isArray(values.data) && values.data.length > 0 ? values.data : ['internal'] },
    typeof values.owner === 'string' ? values.owner.trim() : '',
  );
  if (typeof values.repository === 'string' && values.repository.trim()) input.repository = values.repository.trim();
  input.integrations = systems(typeof values.systems === 'string' ? values.systems : '');
  return input;
}

/** "salesforce read secret, google sheets write" as integrations; a system without read or write only reads. */
function systems(answer: string): Manifest['integrations'] {
  return answer
    .split(',')
    .map((part) => part.trim().split(/\s+/).filter(Boolean))
    .filter((words) => words.length > 0)
    .map((words) => ({
      system: words.filter((w) => !['read', 'write', 'secret'].includes(w.toLowerCase())).join(' '),
      access: words.some((w) => w.toLowerCase() === 'write') ? 'write' : 'read',
      requiresSecret: words.some((w) => w.toLowerCase() === 'secret'),
    }));
}

function fromFlags(values: FormValues, owner: string): Manifest {
  if (!owner)
    throw new UsageError(
      'Say who owns the app: microapp init --name "Expense tracker" --purpose "Adds receipts to a monthly sheet." --owner you@example.com --yes (or run it in a terminal to be asked).',
    );
  const parsed = parseManifest(toInput(values));
  if (parsed.ok) return parsed.manifest;
  const lines = parsed.errors.map((e) => `  - ${e.message}${FLAG_OF[e.field] ? ` (${FLAG_OF[e.field]})` : ''}`);
  throw new UsageError(`The answers do not make a valid microapp.yaml; nothing was written:\n${lines.join('\n')}`);
}

async function ask(io: CliIo, input: NodeJS.ReadableStream, values: FormValues): Promise<Manifest> {
  const rl = createInterface({ input, terminal: false, crlfDelay: Number.POSITIVE_INFINITY });
  const lines = rl[Symbol.asyncIterator]();
  try {
    for (const q of QUESTIONS) {
      if (q.skip?.(values)) continue;
      if (values[q.id] !== undefined && problems(values, q).length === 0) continue;
      for (;;) {
        io.out(`\n${q.text}\n`);
        for (const [i, c] of (q.choices ?? []).entries())
          io.out(`  ${i + 1}. ${c.label}${c.description ? ` (${c.description})` : ''}\n`);
        if (q.choices) io.out(q.multiple ? 'Type the numbers, comma-separated.\n' : 'Type a number.\n');
        io.out('> ');
        const line = await lines.next();
        if (line.done)
          throw new FileProblem(
            'The questions were not all answered, so nothing was written. Run microapp init again, or answer with flags: --name, --purpose, --owner, --audience, --users, --data, --repository, --yes.',
          );
        const answer = read(q, String(line.value).trim());
        if (typeof answer === 'object' && 'problem' in answer) {
          io.out(`${answer.problem}\n`);
          continue;
        }
        values[q.id] = answer;
        const found = problems(values, q);
        if (found.length === 0) break;
        io.out(`${found.join('\n')}\n`);
      }
    }
  } finally {
    rl.close();
  }
  const parsed = parseManifest(toInput(values));
  if (!parsed.ok)
    throw new UsageError(
      `The answers do not make a valid microapp.yaml; nothing was written:\n${parsed.errors.map((e) => `  - ${e.message}`).join('\n')}`,
    );
  return parsed.manifest;
}

/** One typed answer as a form value, or what to type instead. */
function read(q: Question, text: string): FormValues[string] | { problem: string } {
  if (!q.choices) return text === '' ? undefined : text;
  if (text === '') return q.optional ? [] : { problem: `Type a number from 1 to ${q.choices.length}.` };
  const picked = text.split(',').map((part) => {
    const t = part.trim().toLowerCase();
    const n = /^\d+$/.test(t) ? Number(t) : Number.NaN;
    return q.choices![n - 1] ?? q.choices!.find((c) => c.value.toLowerCase() === t || c.label.toLowerCase() === t);
  });
  if (picked.some((c) => !c) || (!q.multiple && picked.length > 1))
    return {
      problem: q.multiple
        ? `Type numbers from 1 to ${q.choices.length}, comma-separated, like 1,3.`
        : `Type one number from 1 to ${q.choices.length}.`,
    };
  const chosen = picked.map((c) => c!.value);
  return q.multiple ? chosen : chosen[0];
}

function problems(values: FormValues, q: Question): string[] {
  if (q.optional && (values[q.id] === undefined || values[q.id] === '')) return [];
  const parsed = parseManifest(toInput(values));
  return parsed.ok ? [] : parsed.errors.filter((e) => q.fields.includes(e.field)).map((e) => e.message);
}
