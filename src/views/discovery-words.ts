import type { DiscoveredKind } from '../domain/discovered-facts';

const SOURCES: Readonly<Record<string, string>> = {
  'teams-apps': 'the Teams app catalog',
  'entra-apps': 'the Entra app registrations',
  'power-platform': 'the Power Platform inventory',
  slack: 'Slack',
  github: 'GitHub',
};

const KINDS: Readonly<Record<DiscoveredKind, string>> = {
  app: 'an app',
  bot: 'a bot',
  workflow: 'a workflow',
  flow: 'a flow',
  agent: 'an agent',
  integration: 'an integration',
  repository: 'a repository',
};

/** Where a discovery source looked, in plain words: "the Teams app catalog", or "the zapier import" for an imported list. */
export function sourceWords(source: string): string {
  return SOURCES[source] ?? `the ${source} import`;
}

/** What a discovered item is, with its article: "a bot". */
export function kindWords(kind: DiscoveredKind): string {
  return KINDS[kind] ?? 'an item';
}
