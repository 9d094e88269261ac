import type { Config } from './config';
import type { Core } from './app/create-core';
import { createCore } from './app/create-core';
import type { Policy } from './policy/policy';
import { loadPolicy } from './policy/load-policy';
import type { Clock } from './ports/clock';
import { systemClock } from './ports/clock';
import type { Registry } from './ports/registry';
import type { Messenger } from './ports/messenger';
import type { Logger } from './log/logger';
import { createSecretScanner } from './secrets/scan-secrets';
import { createKyselyRegistry } from './store/kysely-registry';

/** The wired core and what it runs on; shared by the bot and the CLI so both see the same data and policy. */
export interface Runtime {
  registry: Registry;
  policy: Policy;
  core: Core;
  clock: Clock;
  /** Chat platforms switched on; each adapter adds its messenger. */
  messengers: Map<string, Messenger>;
  close(): Promise<void>;
}

/** Opens the database (running migrations), loads the policy and wires the use cases. */
export async function openRuntime(config: Pick<Config, 'database' | 'policyDir'>, logger: Logger, clock: Clock = systemClock): Promise<Runtime> {
  const registry = await createKyselyRegistry(config.database);
  try {
    const policy = await loadPolicy(config.policyDir);
    const messengers = new Map<string, Messenger>();
    const core = createCore({ registry, policy: () => policy, scanner: createSecretScanner(), clock, logger, messengers });
    return { registry, policy, core, clock, messengers, close: () => registry.close() };
  } catch (error) {
    await registry.close();
    throw error;
  }
}
