import { createLogger } from '../../src/log/logger';

/** A logger that writes nothing, for tests that do not look at logs. */
export const silentLogger = createLogger({ level: 'error', write: () => undefined });
