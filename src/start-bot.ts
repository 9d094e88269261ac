import type { Config } from './config/config';
import type { DeliveryOptions } from './delivery/delivery-worker';
import { createDeliveryWorker } from './delivery/delivery-worker';
import { createHttpServer } from './http/http-server';
import { healthRoute } from './http/health-route';
import { metricsRoute } from './http/metrics-route';
import { HEARTBEAT_PATH, heartbeatRoute } from './http/heartbeat-route';
import { mountApi } from './http/api/api-routes';
import { createRateLimiter } from './http/api/rate-limiter';
import { createCiTokenVerifier } from '../adapters/ci-oidc/verify-ci-token';
import { createPrometheusMetrics } from './metrics/prometheus-metrics';
import type { Logger } from './log/logger';
import type { Clock } from './ports/clock';
import { systemClock } from './ports/clock';
import { createRunDoctor } from './app/doctor/run-doctor';
import { doctorSummary } from './views/doctor-report';
import type { PlatformCheck } from './ports/platform-check';
import type { Registry } from './ports/registry';
import type { RouteCheck } from './app/review/check-routes';
import type { ChatPlatform } from './domain/outbound';
import { connectedPlatforms, openRuntime } from './runtime';
import { describeTarget } from './store/database-target';
import type { Scheduler } from './scheduler/create-scheduler';
import { createScheduler } from './scheduler/create-scheduler';
import type { DiscoveryScheduler } from './scheduler/discovery-scheduler';
import { createDiscoveryScheduler } from './scheduler/discovery-scheduler';
import { createCheckpointScheduler } from './scheduler/checkpoint-scheduler';
import { checkpointWriter } from './audit/checkpoint-writer';
import { watchRoleGroups } from './scheduler/watch-role-groups';
import { createHealthScheduler } from './scheduler/health-scheduler';
import { createSiemForwarder } from './scheduler/siem-forwarder';
import { createForwardAuditEvents } from './app/audit/forward-audit-events';
import { createSiemStatus } from './app/audit/siem-status';
import { siemSinks } from './siem/siem-sinks';
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createSlackDiscoverySource } from '../adapters/slack/discovery/slack-discovery-source';
import { createGithubDiscoverySource } from '../adapters/github/github-discovery-source';
import type { DiscoverySource } from './ports/discovery-source';
import type { SlackAdapter } from '../adapters/slack/create-slack-adapter';
import { createSlackAdapter } from '../adapters/slack/create-slack-adapter';
import { createSlackMessenger } from '../adapters/slack/slack-messenger';
import type { Messenger } from './ports/messenger';
import { createTeamsAdapter } from '../adapters/teams/create-teams-adapter';
import { slackConnectionCheck } from '../adapters/slack/slack-connection-check';
import { teamsConnectionCheck } from '../adapters/teams/teams-connection-check';
import { shownPath } from './config/shown-path';
import { slackGroupDirectory } from '../adapters/slack/slack-group-directory';
import { createEntraAppsDiscoverySource } from '../adapters/microsoft-graph/entra-apps-discovery-source';
import { createGraphClient } from '../adapters/microsoft-graph/graph-client';
import { createTeamsAppsDiscoverySource } from '../adapters/microsoft-graph/teams-apps-discovery-source';
import { createPowerPlatformClient } from '../adapters/microsoft-graph/power-platform-client';
import { createPowerPlatformDiscoverySource } from '../adapters/microsoft-graph/power-platform-discovery-source';
import { entraGroupDirectory } from '../adapters/microsoft-graph/entra-group-directory';
import type { GroupDirectory } from './ports/group-directory';
import { mountDashboardAccess } from '../adapters/web/mount-dashboard-access';
import { OIDC_CALLBACK_PATH, oidcRoutes } from '../adapters/web/oidc/oidc-routes';
import { createOidcProvider } from '../adapters/web/oidc/oidc-provider';
import { mountDashboardPages } from '../adapters/web/pages/mount-dashboard-pages';
import type { ViewerOf } from '../adapters/web/viewer';
import { systemName } from './policy/catalog-match';

/** The platform each inbound endpoint serves, for acknowledgement latency. */
const PLATFORM_ROUTES: Record<string, string | undefined> = { '/slack/events': 'slack', '/api/messages': 'teams' };

/** A running bot. */
export interface RunningBot {
  port: number;
  policyVersion: string;
  /** Settles when the start-up doctor has logged its findings (it runs after the server listens, never delaying it). */
  checked: Promise<void>;
  /** Stops taking requests, lets open ones finish, drains deliveries in flight, then closes the database. */
  stop(): Promise<void>;
}

/** Knobs for tests and benchmarks; production uses the defaults. */
export interface StartOptions {
  clock?: Clock;
  /** Slack Web API retries of the bolt client (the SDK default when absent); deliveries retry through the outbox. */
  slackRetries?: number;
  delivery?: DeliveryOptions;
  /** How long shutdown waits for deliveries in flight. */
  drainMs?: number;
  /** How often the role groups' stored members are looked at (and the stale ones read again); 10 minutes by default. */
  roleGroupsTickMs?: number;
  /** Finds the signed-in person of a dashboard request; without it every page sends people to sign in. */
  viewerOf?: ViewerOf;
  /** The SIEM forwarder's pauses: between looks when caught up, and the first and longest wait after a failure. */
  siem?: { idleMs?: number; firstRetryMs?: number; maxRetryMs?: number };
}

/** Between looks at the role groups: another replica's or the CLI's refresh is in force here within this. */
const ROLE_GROUPS_TICK_MS = 10 * 60_000;

const PLATFORM_NAMES: Record<ChatPlatform, string> = { slack: 'Slack', teams: 'Teams' };

/**
 * The destinations the routing check skipped (their platform is not connected), as one info line.
 * Tiers left with no destination and Teams routes without a channel are the doctor's findings, logged
 * once with the others.
 */
function logSkippedRoutes(logger: Logger, check: RouteCheck): void {
  if (check.skipped.length === 0) return;
  const names = check.skipped.map(
    (s) => `"${s.channel}" (${PLATFORM_NAMES[s.platform]}, tier ${s.tiers.join(' and ')})`,
  );
  logger.info(
    `Approval cards skip ${names.join(', ')}: ${[...new Set(check.skipped.map((s) => PLATFORM_NAMES[s.platform]))].join(' and ')} is not connected`,
  );
}

/**
 * Who the CLI can ask about people (`microapp discover`, to reach makers in chat): Slack's Web API
 * with the bot token when Slack is configured. Teams is asked only inside the bot, which holds the
 * conversations a look-up goes through.
 */
export function cliPeopleLookups(config: Pick<Config, 'slack'>): Map<string, Messenger> {
  return new Map(
    config.slack
      ? [['slack', createSlackMessenger({ token: config.slack.botToken, apiUrl: config.slack.apiUrl })]]
      : [],
  );
}

/**
 * The discovery sources the configuration turns on, for the bot's scheduler and `microapp discover`:
 * `slack` with SLACK_ADMIN_TOKEN, `github` with GITHUB_TOKEN and GITHUB_ORG, `teams-apps` and `entra-apps` with the GRAPH_* credentials,
 * `power-platform` with those and POWER_PLATFORM_REFRESH_TOKEN. Other tools come in through `microapp discover import`.
 */
export function discoverySources(
  config: Pick<Config, 'slackAdmin' | 'github' | 'graph' | 'powerPlatform'>,
): DiscoverySource[] {
  const graph = config.graph ? createGraphClient(config.graph, { retries: 0 }) : undefined;
  return [
    ...(config.slackAdmin ? [createSlackDiscoverySource(config.slackAdmin)] : []),
    ...(config.github ? [createGithubDiscoverySource(config.github)] : []),
    ...(graph && config.graph
      ? [
          createTeamsAppsDiscoverySource(graph, config.graph.apiUrl),
          createEntraAppsDiscoverySource(graph, config.graph.apiUrl),
        ]
      : []),
    ...(config.graph && config.powerPlatform
      ? [
          createPowerPlatformDiscoverySource(
            createPowerPlatformClient(config.graph, config.powerPlatform, { retries: 0 }),
          ),
        ]
      : []),
  ];
}

/** Wires everything in order: database + migrations → policy → core → adapters → delivery worker → one HTTP server. */
export async function startBot(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningBot> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const metrics = createPrometheusMetrics();
  const runtime = await openRuntime(config, logger, {
    clock,
    metrics,
    groupDirectories: groupDirectories(config),
    discoverySources: discoverySources(config),
  });
  const { registry } = runtime;
  const policy = () => runtime.policy;
  metrics.readFrom(registry, clock);
  const http = createHttpServer(logger, (path, ms) => {
    const platform = PLATFORM_ROUTES[path];
    if (platform) metrics.acknowledged(platform, ms);
  });
  let scheduler: Scheduler | undefined;
  const sinks = siemSinks(config.siem);
  const siemStatus = sinks.length ? createSiemStatus({ registry, sinks: sinks.map((s) => s.name) }) : undefined;
  http.route(
    'GET',
    '/healthz',
    healthRoute({ registry, policy, clock, startedAt, scheduler: () => scheduler, siem: siemStatus }),
  );
  http.route('GET', '/metrics', metricsRoute({ metrics, token: config.metricsToken, logger }));
  http.route('POST', HEARTBEAT_PATH, heartbeatRoute(runtime.core.recordHeartbeat));
  mountApi(http, {
    core: runtime.core,
    registry,
    directory: runtime.directory,
    clock,
    limiter: createRateLimiter(config.apiRateLimit),
    trustedProxyHops: config.trustedProxyHops,
    ci:
      config.ciOidc &&
      createCiTokenVerifier({
        audience: config.ciOidc.audience,
        issuers: { github: config.ciOidc.githubIssuer, gitlab: config.ciOidc.gitlabIssuer },
        spend: runtime.core.spendCiTokenId,
        clock,
      }),
    onQueued: () => runtime.onQueued?.(),
  });
  const { viewerOf } = mountDashboardAccess(http, {
    core: runtime.core,
    publicUrl: config.publicUrl,
    clock,
    trustedProxyHops: config.trustedProxyHops,
    singleSignOn:
      config.oidc &&
      oidcRoutes({
        provider: createOidcProvider(config.oidc, clock),
        core: runtime.core,
        secure: config.publicUrl?.startsWith('https:') ?? false,
        redirectUri: () => `${runtime.dashboardBase}${OIDC_CALLBACK_PATH}`,
        logger,
      }),
  });
  mountDashboardPages(http, {
    viewerOf: options.viewerOf ?? viewerOf,
    registry,
    directory: runtime.directory,
    clock,
    timeZone: config.timeZone,
    describeApp: (id) => runtime.core.describeApp(id),
    discoveryCoverage: () => runtime.core.discoveryCoverage(),
    systemName: (system) => systemName(runtime.policy, system),
  });
  const worker = createDeliveryWorker(
    {
      registry,
      directory: runtime.directory,
      messengers: runtime.messengers,
      platforms: runtime.platforms,
      policy,
      clock,
      logger,
      metrics,
      busy: () => http.inFlight() > 0,
    },
    { leaseMs: config.deliveryLeaseMs, ...options.delivery },
  );
  let slack: SlackAdapter | undefined;
  let port: number;
  try {
    if (config.slack) {
      slack = await createSlackAdapter({
        config: config.slack,
        core: runtime.core,
        registry,
        http,
        logger,
        clock,
        retries: options.slackRetries,
      });
      runtime.messengers.set('slack', slack.messenger);
    } else {
      logger.info(
        'Slack is off: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) to turn it on; see "Connect to Slack" in the README',
      );
    }
    const teams = createTeamsAdapter({ config: config.teams, core: runtime.core, registry, http, logger, clock });
    if (runtime.platforms.includes('teams')) runtime.messengers.set('teams', teams.messenger);
    if (!teams.authenticated) {
      logger.info(
        'Teams is in local mode: MICROSOFT_APP_ID is not set, so POST /api/messages serves only callers on this machine (the Bot Framework Emulator, tests). See "Connect to Teams" in the README',
      );
    }
    port = await http.listen(config.port, config.host);
    if (!config.publicUrl) runtime.dashboardBase = `http://localhost:${port}`;
    await slack?.start();
    logSkippedRoutes(logger, await runtime.core.checkRoutes());
  } catch (error) {
    await http.close().catch(() => undefined);
    await runtime.close();
    throw error;
  }
  runtime.onQueued = worker.wake;
  worker.start();
  if (config.reminderSchedule) {
    scheduler = createScheduler({ sweep: () => runtime.core.runDueWork(), logger, clock }, config.reminderSchedule);
    scheduler.start();
  }
  const roleGroups = watchRoleGroups(runtime.roles, logger, {
    refreshMs: config.roleGroupsRefreshHours * 3_600_000,
    tickMs: options.roleGroupsTickMs ?? ROLE_GROUPS_TICK_MS,
  });
  const checkpoints = createCheckpointScheduler({
    registry,
    write: checkpointWriter(
      config,
      {
        registry: runtime.registry,
        clock: runtime.clock,
        policy: () => runtime.policy,
        platforms: runtime.platforms,
        onQueued: () => runtime.onQueued?.(),
      },
      logger,
    ),
    policy,
    clock,
    logger,
  });
  checkpoints.start();
  // Started even with no source configured: items imported from files are asked about too.
  const discovery: DiscoveryScheduler = createDiscoveryScheduler({
    run: (signal) => runtime.core.runDiscovery({ dueOnly: true, signal }),
    ask: () => runtime.core.askAboutDiscovered(),
    logger,
  });
  discovery.start();
  const health = config.reminderSchedule
    ? createHealthScheduler({ run: (signal) => runtime.core.runHealthRound({ dueOnly: true, signal }), logger })
    : undefined;
  health?.start();
  const siemOwner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const siem = createSiemForwarder({
    sinks: sinks.map((sink) => {
      const forward = createForwardAuditEvents({ registry, sink, owner: siemOwner, clock });
      return {
        name: sink.name,
        step: forward.step,
        close: () => forward.release().finally(() => sink.close()),
      };
    }),
    logger,
    ...options.siem,
  });
  siem.start();
  logger.info('microapp-bot is running', {
    port,
    host: config.host ?? 'all interfaces',
    database: describeTarget(config.database),
    policyVersion: runtime.policy.version,
    rules: runtime.policy.rules.length,
    slack: slack?.mode ?? 'off',
    teams: config.teams.appId ? 'on' : 'local',
    reminders: config.reminderSchedule ?? 'off',
    siem: sinks.map((s) => s.name).join(', ') || 'off',
  });
  let stopping = false;
  const doctor = createRunDoctor({
    policy,
    platforms: platformChecks(config, registry),
    outbox: registry.outbox,
    clock,
    siem: siemStatus,
  });
  const checked = roleGroups.first
    .then(() => doctor({ policyFolder: shownPath(config.policyDir, process.cwd()) }))
    .then(
      (findings) => {
        for (const f of findings)
          logger.warn(`doctor: ${f.problem} Fix: ${f.fix}`, { check: f.check, subject: f.subject });
        if (findings.length === 0) logger.info(doctorSummary(findings));
      },
      (error) => {
        if (!stopping) logger.warn('doctor: the start-up checks could not finish; run microapp doctor', { error });
      },
    );
  return {
    port,
    policyVersion: runtime.policy.version,
    checked,
    async stop() {
      stopping = true;
      await http.close();
      await roleGroups.stop();
      await scheduler?.stop();
      await discovery.stop();
      await checkpoints.stop();
      await health?.stop();
      await siem.stop();
      await slack?.stop();
      await worker.stop(options.drainMs ?? 10_000);
      await runtime.close();
    },
  };
}

/** A directory per group kind roles may name: Slack user groups when Slack is configured, Entra groups when Graph is. */
export function groupDirectories(config: Pick<Config, 'slack' | 'graph'>): GroupDirectory[] {
  return [
    ...(config.slack ? [slackGroupDirectory(config.slack)] : []),
    ...(config.graph ? [entraGroupDirectory(createGraphClient(config.graph))] : []),
  ];
}

/** The doctor's checks of each chat platform the configuration may connect (Slack, Teams), for the bot and `microapp doctor`. */
export function platformChecks(config: Config, registry: Pick<Registry, 'addresses'>): PlatformCheck[] {
  const connected = connectedPlatforms(config);
  return [
    slackConnectionCheck(config.slack),
    teamsConnectionCheck({
      config: config.teams,
      connected: connected.includes('teams'),
      addresses: registry.addresses,
    }),
  ];
}
