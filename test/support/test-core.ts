import { createCore } from '../../src/app/create-core';
import type { ChatPlatform } from '../../src/domain/outbound';
import { createPeopleDirectory } from '../../src/people/people-directory';
import type { Policy } from '../../src/policy/policy';
import type { Clock } from '../../src/ports/clock';
import type { Registry } from '../../src/ports/registry';
import type { Metrics } from '../../src/ports/metrics';
import type { SecretScanner } from '../../src/secrets/scan-secrets';
import { createSecretScanner } from '../../src/secrets/scan-secrets';
import { silentLogger } from './silent-logger';

/** The core over a test registry, with Slack counted as connected (so approval cards are queued), no messengers, `metrics` when given, and the real secret scanner unless another is given. */
export function testCore(
  registry: Registry,
  policy: Policy | (() => Policy),
  clock: Clock,
  platforms: ChatPlatform[] = ['slack'],
  metrics?: Metrics,
  scanner: SecretScanner = createSecretScanner(),
) {
  const directory = createPeopleDirectory({ people: registry.people, messengers: new Map(), clock });
  return createCore({
    registry,
    policy: typeof policy === 'function' ? policy : () => policy,
    scanner,
    clock,
    logger: silentLogger,
    directory,
    platforms,
    metrics,
  });
}
