import { describeError } from './app/describe-error';
import { loadConfig } from './config';
import { isAppError } from './domain/errors';
import { createHttpServer } from './http/http-server';
import { healthRoute } from './http/health-route';
import { createLogger } from './log/logger';
import { openRuntime } from './runtime';
import { describeTarget } from './store/database-target';

/** The composition root: config → database + migrations → policy → core → HTTP server. */
async function main(): Promise<void> {
  const startedAt = new Date();
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${describeError(error).text}\n`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
  let runtime;
  try {
    runtime = await openRuntime(config);
  } catch (error) {
    if (isAppError(error)) {
      logger.error('cannot start', { code: error.code, problems: error.details.problems });
      process.stderr.write(`${describeError(error).text}\n`);
      process.exit(2);
    }
    logger.error('cannot open the database', { database: describeTarget(config.database), error });
    process.exit(1);
  }
  const { registry, policy, clock } = runtime;
  const http = createHttpServer(logger);
  http.route('GET', '/healthz', healthRoute({ registry, policy: () => policy, clock, startedAt }));
  const port = await http.listen(config.port);
  logger.info('microapp-bot is running', { port, database: describeTarget(config.database), policyVersion: policy.version, rules: policy.rules.length });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    await http.close();
    await runtime.close();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
