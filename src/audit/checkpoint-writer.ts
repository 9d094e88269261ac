import type { CheckpointWritten } from '../app/audit/write-checkpoint';
import { createWriteCheckpoint } from '../app/audit/write-checkpoint';
import type { Config } from '../config/config-shape';
import type { ChatPlatform } from '../domain/outbound';
import type { Logger } from '../log/logger';
import type { Policy } from '../policy/policy';
import type { Clock } from '../ports/clock';
import type { Registry } from '../ports/registry';
import { checkpointPublishers } from './checkpoint-publishers';
import { loadAuditSigner } from './load-audit-signer';

/**
 * Writes the audit log's checkpoints for the running bot; the signing key is loaded on first use
 * (made then, with a warning, when AUDIT_SIGNING_KEY_FILE is unset and none was made before; on
 * PostgreSQL a warning that replicas elsewhere would sign with keys of their own). Messages a new
 * checkpoint queues for the policy's checkpoint channels call `onQueued`.
 */
export function checkpointWriter(
  config: Pick<Config, 'audit' | 'database'>,
  deps: {
    registry: Pick<Registry, 'audit' | 'checkpoints'>;
    clock: Clock;
    policy: () => Pick<Policy, 'audit'>;
    platforms: readonly ChatPlatform[];
    onQueued?: () => void;
  },
  logger: Logger,
): () => Promise<CheckpointWritten> {
  let writer: Promise<() => Promise<CheckpointWritten>> | undefined;
  return async () => {
    writer ??= loadAuditSigner(config.audit).then(({ signer, generated }) => {
      if (generated)
        logger.warn(
          `audit checkpoints are signed with a key made just now at ${config.audit.generatedKeyFile}: keep a copy apart from the database's backups, or set AUDIT_SIGNING_KEY_FILE to a key you keep`,
        );
      if (!config.audit.keyFile && config.database.kind === 'postgres')
        logger.warn(
          `audit checkpoints are signed with this machine's own key (${config.audit.generatedKeyFile}): replicas on other machines sign with keys of their own, so set AUDIT_SIGNING_KEY_FILE to one key every replica shares`,
        );
      return createWriteCheckpoint({
        registry: deps.registry,
        clock: deps.clock,
        policy: deps.policy,
        platforms: deps.platforms,
        signer,
        publishers: checkpointPublishers(config.audit),
      });
    });
    writer.catch(() => (writer = undefined));
    const result = await (await writer)();
    if (result.queued) deps.onQueued?.();
    return result;
  };
}
