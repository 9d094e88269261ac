import type { AuditEvent } from '../../domain/audit';
import type { Checkpoint } from '../../domain/checkpoint';
import type { SubtreeKey } from '../../domain/merkle-proofs';
import { blocksOf, inclusionRanges, rangeRoot, subtreeKey, verifyInclusion } from '../../domain/merkle-proofs';
import { MerkleFrontier, leafHash } from '../../domain/merkle-tree';
import type { Registry } from '../../ports/registry';

const PAGE = 10_000;

/** An RFC 6962 inclusion proof of one event in a checkpoint, built from the log and checked against the signed root. */
export type InclusionProof =
  | { kind: 'no_event' }
  | { kind: 'after_checkpoint'; event: AuditEvent }
  | {
      kind: 'proof';
      event: AuditEvent;
      /** The event's leaf: its place in the tree (0-based) and SHA-256(0x00 || its hash). */
      index: number;
      leaf: Buffer;
      /** The audit path, RFC 6962 order. */
      proof: Buffer[];
      /** The proof leads from the leaf to the root the checkpoint signed. */
      holds: boolean;
    };

/**
 * Proves that an event (by number or id) is in the log a checkpoint vouches for: reads the first
 * `size` events' hashes once, keeping only the subtrees the audit path needs, and checks the path
 * against the signed root. A log changed since signing gives a path that does not hold.
 */
export function createProveInclusion(deps: { registry: Pick<Registry, 'audit'> }) {
  return async (ref: number | string, checkpoint: Checkpoint): Promise<InclusionProof> => {
    const event = await deps.registry.audit.event(ref);
    if (!event) return { kind: 'no_event' };
    const index = event.seq - 1;
    if (index >= checkpoint.size) return { kind: 'after_checkpoint', event };
    const ranges = inclusionRanges(index, checkpoint.size);
    const wanted = new Set(ranges.flatMap((r) => blocksOf(r).map((b) => subtreeKey(b.start, b.height))));
    const subtrees = new Map<SubtreeKey, Buffer>();
    const record = (start: number, height: number, hash: Buffer) => {
      const key = subtreeKey(start, height);
      if (wanted.has(key)) subtrees.set(key, hash);
    };
    const tree = new MerkleFrontier();
    let leafMatches = false;
    let seq = 0;
    pages: for (;;) {
      const page = await deps.registry.audit.hashes(seq, PAGE);
      for (const e of page) {
        if (tree.size === index) leafMatches = e.seq === event.seq && e.hash === event.hash;
        tree.append(Buffer.from(e.hash, 'hex'), record);
        seq = e.seq;
        if (tree.size === checkpoint.size) break pages;
      }
      if (page.length < PAGE) break;
    }
    const leaf = leafHash(Buffer.from(event.hash, 'hex'));
    const proof = ranges.map((r) => rangeRoot(r, subtrees)).filter((h): h is Buffer => h !== undefined);
    const complete = proof.length === ranges.length && leafMatches;
    return {
      kind: 'proof',
      event,
      index,
      leaf,
      proof,
      holds: complete && verifyInclusion(index, checkpoint.size, leaf, proof, checkpoint.root),
    };
  };
}
