import { App, LogLevel } from '@slack/bolt';
import type { Logger as BoltLogger } from '@slack/bolt';
import type { Core } from '../../src/app/core';
import { createPresenter } from '../../src/views/create-presenter';
import type { SlackConfig } from '../../src/config/config';
import type { HttpServer } from '../../src/http/http-server';
import type { Logger } from '../../src/log/logger';
import type { Clock } from '../../src/ports/clock';
import type { Registry } from '../../src/ports/registry';
import { checkSlackToken } from './check-slack-token';
import { registerCommandHandler } from './command-handler';
import { registerDetailsHandlers } from './details-handlers';
import { registerHomeHandlers } from './home-handlers';
import { registerRegistrationHandlers } from './registration-handlers';
import { registerReviewHandlers } from './review-handlers';
import { registerReminderHandlers } from './reminder-handlers';
import { registerDiscoveryHandlers } from './discovery-handlers';
import { slackActorOf } from './slack-actor';
import { routeSlackInteractions } from './slack-routes';
import { registerStewardHandlers } from './steward-handlers';
import { createFollowUpQueue } from './follow-up-queue';
import { createSlackHttpReceiver } from './slack-http-receiver';
import { createSlackMessenger } from './slack-messenger';
import type { Messenger } from '../../src/ports/messenger';

/** What the Slack adapter needs from the bot. */
export interface SlackAdapterDeps {
  config: SlackConfig;
  core: Core;
  registry: Registry;
  http: HttpServer;
  logger: Logger;
  clock: Clock;
  /** Web API retries; the SDK's default (10 over about 30 minutes) when absent. */
  retries?: number;
}

/** The running Slack side of the bot. */
export interface SlackAdapter {
  mode: 'http' | 'socket';
  /** Sends for the delivery worker. */
  messenger: Messenger;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Builds the bolt app: over HTTP on the bot's own server at `POST /slack/events` (signed requests),
 * or over Socket Mode when an app token is set (no public URL: the local development path).
 * Checks the bot token with one bounded `auth.test` before it starts (`checkSlackToken`).
 */
export async function createSlackAdapter(deps: SlackAdapterDeps): Promise<SlackAdapter> {
  const { config, logger } = deps;
  const log = logger.child({ component: 'slack' });
  const clientOptions = {
    slackApiUrl: config.apiUrl,
    ...(deps.retries !== undefined && { retryConfig: { retries: deps.retries } }),
  };
  const common = {
    token: config.botToken,
    clientOptions,
    logger: boltLogger(log),
    deferInitialization: true,
    convoStore: false as const,
  };
  const mode = config.appToken ? 'socket' : 'http';
  const queue = createFollowUpQueue({ logger: log });
  let app: App;
  if (config.appToken) {
    app = new App({ ...common, appToken: config.appToken, socketMode: true });
  } else {
    const receiver = createSlackHttpReceiver({
      signingSecret: config.signingSecret!,
      clock: deps.clock,
      logger: log,
      claimDelivery: (key) => deps.registry.inbound.claim(key, deps.clock.now().toISOString()),
      queue,
    });
    app = new App({ ...common, receiver });
    deps.http.route('POST', '/slack/events', receiver.handle);
  }
  await checkSlackToken(config, boltLogger(log), { retries: deps.retries });
  await app.init();
  const messenger = createSlackMessenger({ token: config.botToken, apiUrl: config.apiUrl });
  const handlerDeps = {
    core: deps.core,
    views: createPresenter(deps.core),
    actorOf: slackActorOf(deps.core.people),
    logger: log,
    later: queue.defer,
  };
  const routes = routeSlackInteractions(app);
  registerCommandHandler(routes, handlerDeps);
  registerRegistrationHandlers(routes, handlerDeps);
  registerStewardHandlers(routes, handlerDeps);
  registerReviewHandlers(routes, handlerDeps);
  registerReminderHandlers(routes, handlerDeps);
  registerDiscoveryHandlers(routes, handlerDeps);
  registerDetailsHandlers(routes, handlerDeps);
  registerHomeHandlers(routes, handlerDeps);
  app.error(async (error) => log.error('a Slack handler failed', { error }));
  return {
    mode,
    messenger,
    start: async () => {
      if (mode === 'socket') await app.start();
    },
    stop: async () => {
      if (mode === 'socket') await app.stop();
      await queue.drain(5_000);
    },
  };
}

function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...m) => log.debug(text(m)),
    info: (...m) => log.info(text(m)),
    warn: (...m) => log.warn(text(m)),
    error: (...m) => log.error(text(m)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
