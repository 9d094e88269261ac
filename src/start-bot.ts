import type { Config } from './config';
import { createHttpServer } from './http/http-server';
import { healthRoute } from './http/health-route';
import type { Logger } from './log/logger';
import type { Clock } from './ports/clock';
import { systemClock } from './ports/clock';
import { openRuntime } from './runtime';
import { describeTarget } from './store/database-target';

/** A running bot. */
export interface RunningBot {
  port: number;
  policyVersion: string;
  /** Stops taking requests, lets open ones finish, then closes the database. */
  stop(): Promise<void>;
}

/** Wires everything in order: database + migrations → policy → core → one HTTP server. */
export async function startBot(config: Config, logger: Logger, clock: Clock = systemClock): Promise<RunningBot> {
  const startedAt = clock.now();
  const runtime = await openRuntime(config, logger, clock);
  const { registry, policy } = runtime;
  const http = createHttpServer(logger);
  http.route('GET', '/healthz', healthRoute({ registry, policy: () => policy, clock, startedAt }));
  let port: number;
  try {
    port = await http.listen(config.port);
  } catch (error) {
    await runtime.close();
    throw error;
  }
  logger.info('microapp-bot is running', { port, database: describeTarget(config.database), policyVersion: policy.version, rules: policy.rules.length });
  return {
    port,
    policyVersion: policy.version,
    async stop() {
      await http.close();
      await runtime.close();
    },
  };
}
