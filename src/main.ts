import { describeError } from './views/describe-error';
import { loadConfig } from './config/config';
import type { Config } from './config/config';
import { isAppError } from './domain/errors';
import { createLogger } from './log/logger';
import { startBot } from './start-bot';
import { describeTarget } from './store/database-target';

/** Longest a shutdown may take before the process stops regardless (orchestrators usually allow 30 s). */
const SHUTDOWN_DEADLINE_MS = 25_000;

/** The composition root: validated config, then the bot, then signal handling. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${describeError(error).text}\n`);
    process.exit(2);
  }
  const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
  let bot;
  try {
    bot = await startBot(config, logger);
  } catch (error) {
    if (isAppError(error)) {
      logger.error('cannot start', { code: error.code, problems: error.details.problems });
      process.stderr.write(`${describeError(error).text}\n`);
      process.exit(2);
    }
    logger.error('cannot start', { database: describeTarget(config.database), port: config.port, error });
    process.exit(1);
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const deadline = setTimeout(() => {
      logger.error('shutdown took too long; stopping now', { afterMs: SHUTDOWN_DEADLINE_MS });
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    try {
      await bot.stop();
    } catch (error) {
      logger.error('shutdown failed', { error });
      process.exit(1);
    }
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

void main();
