import type { Config } from './config/config';
import type { DiscoverySource } from './ports/discovery-source';

/**
 * The discovery sources the configuration turns on, for the bot's scheduler and `microapp discover run`.
 * None yet: connectors (Teams, Entra, Power Platform, Slack, GitHub) are wired here as they arrive;
 * other tools come in through `microapp discover import`.
 */
export function configuredSources(_config: Pick<Config, 'database'>): DiscoverySource[] {
  return [];
}
