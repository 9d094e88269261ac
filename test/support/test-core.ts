import { createCore } from '../../src/app/create-core';
import type { ChatPlatform } from '../../src/domain/outbound';
import { createPeopleDirectory } from '../../src/people/people-directory';
import type { Policy } from '../../src/policy/policy';
import type { Clock } from '../../src/ports/clock';
import type { Registry } from '../../src/ports/registry';
import type { Messenger } from '../../src/ports/messenger';
import type { Metrics } from '../../src/ports/metrics';
import type { SecretScanner } from '../../src/secrets/scan-secrets';
import { createSecretScanner } from '../../src/secrets/scan-secrets';
import { createFakeMessenger } from '../delivery/fake-messenger';
import { silentLogger } from './silent-logger';

/**
 * The core over a test registry, with Slack counted as connected (so approval cards are queued) and
 * knowing nobody the directory has no record of, `metrics` when given, and the real secret scanner
 * unless another is given. `messengers` replaces the platforms' look-ups.
 */
export function testCore(
  registry: Registry,
  policy: Policy | (() => Policy),
  clock: Clock,
  platforms: ChatPlatform[] = ['slack'],
  metrics?: Metrics,
  scanner: SecretScanner = createSecretScanner(),
  messengers: ReadonlyMap<string, Messenger> = new Map(platforms.map((p) => [p, createFakeMessenger(p).messenger])),
) {
  const directory = createPeopleDirectory({ people: registry.people, messengers, clock });
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
