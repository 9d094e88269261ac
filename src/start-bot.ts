import type { Config } from './config';
import { createHttpServer } from './http/http-server';
import { healthRoute } from './http/health-route';
import type { Logger } from './log/logger';
import type { Clock } from './ports/clock';
import { systemClock } from './ports/clock';
import { openRuntime } from './runtime';
import { describeTarget } from './store/database-target';
import type { SlackAdapter } from '../adapters/slack/create-slack-adapter';
import { createSlackAdapter } from '../adapters/slack/create-slack-adapter';

/** A running bot. */
export interface RunningBot {
  port: number;
  policyVersion: string;
  /** Stops taking requests, lets open ones finish, then closes the database. */
  stop(): Promise<void>;
}

/** Knobs for tests and benchmarks; production uses the defaults. */
export interface StartOptions {
  clock?: Clock;
  /** Slack Web API retries (the SDK default when absent). */
  slackRetries?: number;
}

/** Wires everything in order: database + migrations → policy → core → adapters → one HTTP server. */
export async function startBot(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningBot> {
  const clock = options.clock ?? systemClock;
  const startedAt = clock.now();
  const runtime = await openRuntime(config, logger, clock);
  const { registry, policy } = runtime;
  const http = createHttpServer(logger);
  http.route('GET', '/healthz', healthRoute({ registry, policy: () => policy, clock, startedAt }));
  let slack: SlackAdapter | undefined;
  let port: number;
  try {
    if (config.slack) {
      slack = await createSlackAdapter({ config: config.slack, core: runtime.core, registry, http, logger, clock, retries: options.slackRetries });
      runtime.messengers.set('slack', slack.messenger);
    } else {
      logger.info('Slack is off: set SLACK_BOT_TOKEN with SLACK_SIGNING_SECRET (HTTP) or SLACK_APP_TOKEN (Socket Mode) to turn it on; see "Connect to Slack" in the README');
    }
    port = await http.listen(config.port);
    await slack?.start();
  } catch (error) {
    await http.close().catch(() => undefined);
    await runtime.close();
    throw error;
  }
  logger.info('microapp-bot is running', { port, database: describeTarget(config.database), policyVersion: policy.version, rules: policy.rules.length, slack: slack?.mode ?? 'off' });
  return {
    port,
    policyVersion: policy.version,
    async stop() {
      await slack?.stop();
      await http.close();
      await runtime.close();
    },
  };
}
