import type { Manifest } from '../domain/manifest';
import { optionLabel } from '../domain/manifest-fields';
import type { Block } from '../ports/view-model';
import { personName } from './wording';

/** What a view needs to show what was declared: display names for people and catalog systems. */
export interface DeclaredContext {
  names?: Record<string, string>;
  /** A catalog id as people read it ("salesforce" → "Salesforce"). */
  systemName?: (system: string) => string;
}

/**
 * Everything the owner declared that a reviewer weighs: people, audience, data, systems with their
 * access and secrets, AI use, retention and the controls attested. `full` adds the technical
 * details (purpose, plans, libraries, endpoints, scopes, health endpoint).
 */
export function declaredBlocks(m: Manifest, ctx: DeclaredContext, full = false): Block[] {
  const who = (ref: string | undefined) => (ref ? personName(ref, ctx.names) : 'None named');
  const blocks: Block[] = [];
  if (full) blocks.push({ type: 'text', text: `What it does: ${m.purpose}` });
  blocks.push({
    type: 'fields',
    fields: [
      { label: 'Owner', value: who(m.owner) },
      { label: 'Backup owner', value: who(m.backupOwner) },
      { label: 'Used by', value: usedBy(m) },
      { label: 'Data', value: dataWords(m) },
      {
        label: 'Keeps data for',
        value: m.retentionDays ? `${m.retentionDays} day${m.retentionDays === 1 ? '' : 's'}` : 'Not stated',
      },
      { label: 'Team or department', value: m.businessUnit || 'Not stated' },
      { label: 'Built with', value: m.builtWith ?? 'Not stated' },
    ],
  });
  blocks.push(
    list(
      'Systems it connects to:',
      m.integrations.map((i) => `${ctx.systemName?.(i.system) ?? i.system}: ${accessWords(i)}`),
      'None',
    ),
  );
  blocks.push(list('AI and automation:', automationWords(m), 'Does not use AI'));
  blocks.push(list('Controls the owner attests are in place:', m.controls.map(optionLabel), 'None'));
  if (full) {
    blocks.push(list('Plan for retiring it:', m.decommissionPlan ? [m.decommissionPlan] : [], 'Not stated'));
    blocks.push(list('Health endpoint:', m.healthEndpoint ? [m.healthEndpoint] : [], 'None'));
    blocks.push(list('Third-party libraries:', m.thirdPartyLibraries, 'None listed'));
    blocks.push(list('Production endpoints:', m.productionEndpoints, 'None listed'));
    blocks.push(list('Permissions (scopes) it asks for:', m.requestedScopes, 'None listed'));
  }
  return blocks;
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

function list(title: string, items: string[], none: string): Block {
  return items.length > 0 ? { type: 'text', text: title, items } : { type: 'text', text: `${title} ${none}.` };
}
