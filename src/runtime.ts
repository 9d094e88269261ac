import type { Config } from './config/config';
import type { Core } from './app/core';
import { createCore } from './app/create-core';
import type { ChatPlatform } from './domain/outbound';
import type { Policy } from './policy/policy';
import { loadPolicy } from './policy/load-policy';
import type { PeopleDirectory } from './people/people-directory';
import { createPeopleDirectory } from './people/people-directory';
import type { Clock } from './ports/clock';
import { systemClock } from './ports/clock';
import type { Registry } from './ports/registry';
import type { Messenger } from './ports/messenger';
import type { Metrics } from './ports/metrics';
import type { Logger } from './log/logger';
import type { DiscoverySource } from './ports/discovery-source';
import { createSecretScanner } from './secrets/scan-secrets';
import { createKyselyRegistry } from './store/kysely-registry';

/** The wired core and what it runs on; shared by the bot and the CLI so both see the same data and policy. */
export interface Runtime {
  registry: Registry;
  policy: Policy;
  core: Core;
  clock: Clock;
  directory: PeopleDirectory;
  /** The chat platforms the configuration connects. */
  platforms: ChatPlatform[];
  /** Chat platforms' messengers; the bot's adapters add theirs as they start (the CLI has none). */
  messengers: Map<string, Messenger>;
  /** The zone the command line writes dates and times in (`TIME_ZONE`, an IANA name); UTC when absent. */
  timeZone?: string;
  /** Set by the bot once its delivery worker runs: called whenever a use case queued messages. */
  onQueued?: () => void;
  close(): Promise<void>;
}

/**
 * The chat platforms the configuration connects; approval cards and admin alerts go only there,
 * whichever process queues them. Slack counts when its token is set; Teams when it has an app id, or
 * when it is the only chat (local mode: the Bot Framework Emulator), or `TEAMS_LOCAL=on` asks for its
 * local mode beside Slack. A Slack-only install thus queues nothing for Teams.
 */
export function connectedPlatforms(
  config: Pick<Config, 'slack'> & { teams?: Pick<Config['teams'], 'appId' | 'local'> },
): ChatPlatform[] {
  const teams = Boolean(config.teams?.appId) || !config.slack || Boolean(config.teams?.local);
  return [...(config.slack ? (['slack'] as const) : []), ...(teams ? (['teams'] as const) : [])];
}

/** Opens the database (running migrations), loads the policy and wires the use cases (counting into `metrics` when given; scanning `discoverySources`). */
export async function openRuntime(
  config: Pick<Config, 'database' | 'policyDir' | 'slack'> & Partial<Pick<Config, 'publicUrl' | 'teams' | 'timeZone'>>,
  logger: Logger,
  clock: Clock = systemClock,
  metrics?: Metrics,
  discoverySources: readonly DiscoverySource[] = [],
): Promise<Runtime> {
  const registry = await createKyselyRegistry(config.database);
  try {
    const policy = await loadPolicy(config.policyDir);
    const messengers = new Map<string, Messenger>();
    const directory = createPeopleDirectory({ people: registry.people, messengers, clock });
    const platforms = connectedPlatforms(config);
    const runtime: Runtime = {
      registry,
      policy,
      clock,
      directory,
      platforms,
      messengers,
      timeZone: config.timeZone,
      core: createCore({
        registry,
        policy: () => policy,
        scanner: createSecretScanner(),
        clock,
        logger,
        directory,
        platforms,
        metrics,
        publicUrl: config.publicUrl,
        discoverySources,
        onQueued: () => runtime.onQueued?.(),
      }),
      close: () => registry.close(),
    };
    return runtime;
  } catch (error) {
    await registry.close();
    throw error;
  }
}
