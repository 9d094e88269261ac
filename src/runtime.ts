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
import type { GroupDirectory } from './ports/group-directory';
import type { GroupRefresh } from './app/roles/refresh-role-groups';
import { createRefreshRoleGroups } from './app/roles/refresh-role-groups';
import type { RoleListing } from './app/roles/list-roles';
import { createListRoles } from './app/roles/list-roles';
import { expandRoles } from './policy/expand-roles';
import type { HealthProbe } from './ports/health-probe';
import { createHttpsHealthProbe } from './health/https-health-probe';

/** The wired core and what it runs on; shared by the bot and the CLI so both see the same data and policy. */
export interface Runtime {
  registry: Registry;
  /** The policy in force: the files as loaded, with the groups roles name expanded to their last known members. */
  readonly policy: Policy;
  /** The groups roles name (Slack user groups, Entra groups). */
  roles: {
    /** Reads the groups (those tried within `staleAfterMs` skipped unless `force`) and swaps in the expanded policy. */
    refresh(options?: { force?: boolean; staleAfterMs?: number }): Promise<GroupRefresh[]>;
    /** Every role with its people and its groups' state, from the database (no platform is asked). */
    list(): Promise<RoleListing[]>;
  };
  core: Core;
  clock: Clock;
  directory: PeopleDirectory;
  /** The chat platforms the configuration connects. */
  platforms: ChatPlatform[];
  /** Chat platforms' messengers; the bot's adapters add theirs as they start (the CLI only Slack's people look-ups, for `discover`). */
  messengers: Map<string, Messenger>;
  /** The zone the command line writes dates and times in (`TIME_ZONE`, an IANA name); UTC when absent. */
  timeZone?: string;
  /** The address dashboard sign-in links point at: PUBLIC_URL, else `http://localhost:<port>` (the bot sets the port it bound). */
  dashboardBase: string;
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

/** What a runtime may be given beyond its configuration; each defaults to none (or the system clock). */
export interface RuntimeOptions {
  clock?: Clock;
  /** Counted into when given. */
  metrics?: Metrics;
  /** Where role members written as groups are read (Slack user groups, Entra groups). */
  groupDirectories?: readonly GroupDirectory[];
  /** The places discovery scans. */
  discoverySources?: readonly DiscoverySource[];
  /** Calls apps' health endpoints; the https probe over HEALTH_CHECK_ALLOWED_HOSTS when absent. */
  healthProbe?: HealthProbe;
}

/** Opens the database (running migrations), loads the policy (roles expanded from their stored groups) and wires the use cases. */
export async function openRuntime(
  config: Pick<Config, 'database' | 'policyDir' | 'slack'> &
    Partial<Pick<Config, 'publicUrl' | 'teams' | 'timeZone' | 'port' | 'healthCheckAllowedHosts'>>,
  logger: Logger,
  options: RuntimeOptions = {},
): Promise<Runtime> {
  const { clock = systemClock, metrics, groupDirectories = [], discoverySources = [] } = options;
  const registry = await createKyselyRegistry(config.database);
  try {
    const loaded = await loadPolicy(config.policyDir);
    let policy = expandRoles(loaded, await registry.roleGroups.list());
    const messengers = new Map<string, Messenger>();
    const directory = createPeopleDirectory({ people: registry.people, messengers, clock });
    const platforms = connectedPlatforms(config);
    const refresh = createRefreshRoleGroups({
      policy: loaded,
      store: registry.roleGroups,
      directories: groupDirectories,
      people: directory,
      clock,
      logger,
      swap: (expanded) => {
        policy = expanded;
      },
    });
    const runtime: Runtime = {
      registry,
      get policy() {
        return policy;
      },
      roles: {
        refresh,
        list: createListRoles({ policy: () => loaded, store: registry.roleGroups, people: directory }),
      },
      clock,
      directory,
      platforms,
      messengers,
      timeZone: config.timeZone,
      dashboardBase: (config.publicUrl ?? `http://localhost:${config.port ?? 3000}`).replace(/\/+$/, ''),
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
        dashboardBase: () => runtime.dashboardBase,
        discoverySources,
        healthProbe:
          options.healthProbe ?? createHttpsHealthProbe({ allowedHosts: config.healthCheckAllowedHosts ?? [] }),
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
