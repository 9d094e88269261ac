import { MerkleFrontier } from '../../domain/merkle-tree';
import type { ChatPlatform } from '../../domain/outbound';
import { checkpointMessages } from '../../domain/outbound-messages';
import type { Policy } from '../../policy/policy';
import type { StoredCheckpoint } from '../../ports/audit-checkpoints';
import type { AuditSigner, CheckpointPublisher } from '../../ports/audit-signer';
import type { Clock } from '../../ports/clock';
import type { Registry } from '../../ports/registry';

/** Events read per query while growing the tree. */
const PAGE = 10_000;

/** What writing a checkpoint did. */
export interface CheckpointWritten {
  checkpoint: StoredCheckpoint;
  /** False when the log had not grown since the last checkpoint (that one is returned). */
  written: boolean;
  /** Where it was published, and where publishing failed (with why). */
  published: string[];
  failed: { name: string; error: string }[];
  /** Messages queued to the policy's checkpoint channels (only for a new checkpoint). */
  queued: number;
}

interface SavedTree {
  size: number;
  subtrees: { height: number; hash: string }[];
  /** The sequence number of the last event in the tree. */
  seq: number;
}

/**
 * Signs a checkpoint of the whole audit log as it is now: the Merkle tree of the events' hashes is
 * grown from the last checkpoint's right edge (only newer events are read), the signed note is kept
 * beside the log with, in the same transaction, a message to each of the policy's checkpoint
 * channels on the connected `platforms`, and it is published to every publisher. Nothing new since
 * the last one: that one is returned unchanged (`force` publishes it again, but posts no message).
 */
export function createWriteCheckpoint(deps: {
  registry: Pick<Registry, 'audit' | 'checkpoints'>;
  signer: AuditSigner;
  clock: Clock;
  publishers: readonly CheckpointPublisher[];
  /** The policy now, for its checkpoint channels; none are posted to without it. */
  policy?: () => Pick<Policy, 'audit'>;
  platforms?: readonly ChatPlatform[];
}) {
  return async (options: { force?: boolean } = {}): Promise<CheckpointWritten> => {
    const last = await deps.registry.checkpoints.latest();
    const saved: SavedTree | undefined = last && JSON.parse(last.frontier);
    const tree = saved ? MerkleFrontier.restore(saved) : new MerkleFrontier();
    let seq = saved?.seq ?? 0;
    for (;;) {
      const page = await deps.registry.audit.hashes(seq, PAGE);
      for (const e of page) tree.append(Buffer.from(e.hash, 'hex'));
      if (page.length) seq = page.at(-1)!.seq;
      if (page.length < PAGE) break;
    }
    if (last && tree.size === last.size && !options.force)
      return { checkpoint: last, written: false, published: [], failed: [], queued: 0 };
    const root = tree.root();
    const checkpoint: StoredCheckpoint =
      last && tree.size === last.size
        ? last
        : {
            size: tree.size,
            root: root.toString('hex'),
            note: deps.signer.sign(tree.size, root),
            frontier: JSON.stringify({ ...tree.save(), seq } satisfies SavedTree),
            createdAt: deps.clock.now().toISOString(),
          };
    const announce = checkpointMessages(
      checkpoint.size,
      deps.policy?.().audit.checkpointChannels ?? [],
      deps.platforms ?? [],
    );
    const written = checkpoint !== last && (await deps.registry.checkpoints.add(checkpoint, announce));
    const published: string[] = [];
    const failed: CheckpointWritten['failed'] = [];
    for (const p of deps.publishers) {
      try {
        await p.publish(checkpoint.note, checkpoint.size);
        published.push(p.name);
      } catch (error) {
        failed.push({ name: p.name, error: error instanceof Error ? error.message : String(error) });
      }
    }
    return { checkpoint, written, published, failed, queued: written ? announce.length : 0 };
  };
}
