import type { Manifest } from '../domain/manifest';
import type { Block, FieldsBlock } from '../ports/view-model';
import { personName } from './wording';
import { type Control, optionLabel } from '../domain/manifest-vocabulary';

/** What a view needs to show what was declared: display names for people and catalog systems. */
export interface DeclaredContext {
  names?: Record<string, string>;
  /** A catalog id as people read it ("salesforce" → "Salesforce"). */
  systemName?: (system: string) => string;
}

/**
 * Everything the owner declared that a reviewer weighs: people, audience, data, systems with their
 * access and secrets, AI use, retention and the controls attested. `full` adds the technical
 * details (purpose, plans, libraries, endpoints, scopes, health endpoint). Facts the owner left out
 * are left out, not shown as "Not stated" or "None".
 */
export function declaredBlocks(m: Manifest, ctx: DeclaredContext, full = false): Block[] {
  const blocks: Block[] = [];
  if (full) blocks.push({ type: 'text', text: `What it does: ${m.purpose}` });
  blocks.push({
    type: 'fields',
    fields: [
      { label: 'Owner', value: personName(m.owner, ctx.names) },
      ...(m.backupOwner ? [{ label: 'Backup owner', value: personName(m.backupOwner, ctx.names) }] : []),
      { label: 'Used by', value: usedBy(m) },
      { label: 'Data', value: dataWords(m) },
      ...(m.retentionDays
        ? [{ label: 'Keeps data for', value: `${m.retentionDays} day${m.retentionDays === 1 ? '' : 's'}` }]
        : []),
      ...(m.businessUnit ? [{ label: 'Team or department', value: m.businessUnit }] : []),
      ...(m.builtWith ? [{ label: 'Built with', value: m.builtWith }] : []),
    ],
  });
  const lists: [string, string[]][] = [
    [
      'Systems it connects to:',
      m.integrations.map((i) => `${ctx.systemName?.(i.system) ?? i.system}: ${accessWords(i)}`),
    ],
    ['AI and automation:', automationWords(m)],
    ['Controls the owner attests are in place:', m.controls.map(optionLabel)],
    ...(full
      ? ([
          ['Plan for retiring it:', m.decommissionPlan ? [m.decommissionPlan] : []],
          ['Health endpoint:', m.healthEndpoint ? [m.healthEndpoint] : []],
          ['Third-party libraries:', m.thirdPartyLibraries],
          ['Production endpoints:', m.productionEndpoints],
          ['Permissions (scopes) it asks for:', m.requestedScopes],
        ] as [string, string[]][])
      : []),
  ];
  for (const [title, items] of lists) if (items.length > 0) blocks.push({ type: 'text', text: title, items });
  return blocks;
}

/**
 * The declared facts a reviewer weighs at a glance, as label/value pairs: the people, the audience,
 * the data, the systems with their access, and AI and automation. Facts the owner left out are
 * left out, not shown as "Not stated"; `declaredSmallPrint` has the lesser facts.
 */
export function declaredFields(m: Manifest, ctx: DeclaredContext): FieldsBlock {
  const fields: FieldsBlock['fields'] = [
    { label: 'Owner', value: personName(m.owner, ctx.names) },
    ...(m.backupOwner ? [{ label: 'Backup owner', value: personName(m.backupOwner, ctx.names) }] : []),
    { label: 'Used by', value: usedBy(m) },
    { label: 'Data', value: dataWords(m) },
  ];
  const systems = m.integrations.map((i) => `${ctx.systemName?.(i.system) ?? i.system}: ${shortAccessWords(i)}`);
  if (systems.length > 0) fields.push({ label: 'Connects to', value: systems.join('\n') });
  const automation = automationWords(m);
  if (automation.length > 0) fields.push({ label: 'AI and automation', value: automation.join('\n') });
  return { type: 'fields', fields };
}

/**
 * The lesser declared facts in one line of small print: retention, team, tools and the controls
 * (against `required`, the controls its risk asks for: all there, or which are not), each only
 * when there is something to say ("Keeps data for: 90 days · Controls: all 5 required attested").
 */
export function declaredSmallPrint(m: Manifest, required: readonly Control[] = []): string {
  return [
    m.retentionDays && `Keeps data for: ${m.retentionDays} day${m.retentionDays === 1 ? '' : 's'}`,
    m.businessUnit && `Team: ${m.businessUnit}`,
    m.builtWith && `Built with: ${m.builtWith}`,
    controlWords(m.controls, required),
  ]
    .filter(Boolean)
    .join(' · ');
}

/** "Controls: all 5 required attested, plus Secrets kept in the vault", or which required ones are not. */
function controlWords(attested: readonly Control[], required: readonly Control[]): string {
  const extra = attested.filter((c) => !required.includes(c)).map(optionLabel);
  const missing = required.filter((c) => !attested.includes(c)).map(optionLabel);
  if (required.length === 0) return extra.length ? `Controls attested: ${extra.join(', ')}` : '';
  const plus = extra.length ? `, plus ${extra.join(', ')}` : '';
  if (missing.length === 0) return `Controls: all ${required.length} required attested${plus}`;
  return `Controls not attested: ${missing.join(', ')} (of ${required.length} required)${plus}`;
}

/** "My team (about 12 people)". */
export function usedBy(m: Manifest): string {
  return m.audience === 'personal'
    ? optionLabel('personal')
    : `${optionLabel(m.audience)} (about ${m.expectedUsers} ${m.expectedUsers === 1 ? 'person' : 'people'})`;
}

/** "Confidential: Customer data, Personal data (PII)". */
export function dataWords(m: Manifest): string {
  const types = m.dataTypes.map(optionLabel).join(', ');
  return types ? `${optionLabel(m.dataClassification)}: ${types}` : optionLabel(m.dataClassification);
}

/** "read and write, needs a password or key". */
export function accessWords(i: Manifest['integrations'][number]): string {
  return `${i.access === 'write' ? 'reads and changes data' : 'reads data only'}${i.requiresSecret ? ', needs a password or key' : ''}`;
}

/** "reads and writes, with a key": an integration's access in a few words, for a narrow column. */
function shortAccessWords(i: Manifest['integrations'][number]): string {
  return `${i.access === 'write' ? 'reads and writes' : 'reads only'}${i.requiresSecret ? ', with a key' : ''}`;
}

function automationWords(m: Manifest): string[] {
  const words: string[] = [];
  if (m.usesAI) {
    words.push('Calls an AI model');
    if (m.aiOutputsExternal)
      words.push(
        m.humanReviewOfOutputs
          ? 'AI output reaches people outside; a person checks it first'
          : 'AI output reaches people outside with nobody checking it first',
      );
  }
  if (m.automatedDecisionsAboutPeople) words.push('Makes decisions about people on its own');
  if (m.directProductionDbAccess) words.push('Reads or writes a production database directly');
  if (m.impersonatesEmployees) words.push('Sends messages as a named person');
  if (m.financialTransactions) words.push('Moves money on its own');
  return words;
}
