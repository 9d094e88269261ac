import type { KeyObject } from 'node:crypto';
import type { Checkpoint } from '../../domain/checkpoint';
import { openCheckpoint } from '../../domain/checkpoint';
import { MerkleFrontier } from '../../domain/merkle-tree';
import type { SubtreeKey } from '../../domain/merkle-proofs';
import { blocksOf, consistencyRanges, rangeRoot, subtreeKey, verifyConsistency } from '../../domain/merkle-proofs';
import type { Registry } from '../../ports/registry';

const PAGE = 10_000;

/** One checkpoint's verdict. */
export interface CheckpointVerdict {
  /** Where it came from (a file name). */
  source: string;
  size?: number;
  ok: boolean;
  problem?: string;
}

/** Whether a checkpoint extends the one before it: an RFC 6962 consistency proof from the log, checked against both signed roots. */
export interface ConsistencyVerdict {
  from: number;
  to: number;
  /** Hashes in the proof. */
  hashes: number;
  ok: boolean;
}

/** What checking a set of checkpoints against the log found. */
export interface CheckpointsVerdict {
  ok: boolean;
  /** Events in the log now. */
  logSize: number;
  verdicts: CheckpointVerdict[];
  /** Each trusted checkpoint against the next larger one, while the log still holds both sizes. */
  consistency: ConsistencyVerdict[];
}

/**
 * Checks signed checkpoints against the audit log in one pass: each note's signature with the
 * public key and its origin, that the log still holds at least as many events, and that the
 * Merkle root of its first `size` events is the one signed. A rewritten event, deleted newest
 * events, an edited or foreign checkpoint, or another log of the same size are each named. In the
 * same pass it builds the RFC 6962 consistency proof between each trusted checkpoint and the next
 * larger one and checks it against their signed roots.
 */
export function createVerifyCheckpoints(deps: { registry: Pick<Registry, 'audit'> }) {
  return async (
    notes: readonly { source: string; text: string }[],
    key: { name: string; publicKey: KeyObject; origin: string },
  ): Promise<CheckpointsVerdict> => {
    const verdicts: CheckpointVerdict[] = [];
    const pending: { source: string; checkpoint: Checkpoint }[] = [];
    for (const n of notes) {
      const opened = openCheckpoint(n.text, key.name, key.publicKey, key.origin);
      if (opened.ok) pending.push({ source: n.source, checkpoint: opened.checkpoint });
      else verdicts.push({ source: n.source, ok: false, problem: `cannot be trusted: ${opened.problem}` });
    }
    pending.sort((a, b) => a.checkpoint.size - b.checkpoint.size);
    const signed = new Map<number, Buffer>();
    for (const p of pending) if (!signed.has(p.checkpoint.size)) signed.set(p.checkpoint.size, p.checkpoint.root);
    const sizes = [...signed.keys()].filter((n) => n > 0);
    const pairs = sizes.slice(1).map((to, i) => ({ from: sizes[i]!, to, ranges: consistencyRanges(sizes[i]!, to) }));
    const wanted = new Set(
      pairs.flatMap((p) => p.ranges.flatMap((r) => blocksOf(r).map((b) => subtreeKey(b.start, b.height)))),
    );
    const subtrees = new Map<SubtreeKey, Buffer>();
    const record = (start: number, height: number, hash: Buffer) => {
      const key = subtreeKey(start, height);
      if (wanted.has(key)) subtrees.set(key, hash);
    };
    const tree = new MerkleFrontier();
    const roots = new Map<number, Buffer>();
    const sizeWanted = new Set(pending.map((p) => p.checkpoint.size));
    if (sizeWanted.has(0)) roots.set(0, tree.root());
    let seq = 0;
    const largest = pending.at(-1)?.checkpoint.size ?? 0;
    pages: while (tree.size < largest) {
      const page = await deps.registry.audit.hashes(seq, PAGE);
      for (const e of page) {
        tree.append(Buffer.from(e.hash, 'hex'), record);
        seq = e.seq;
        if (sizeWanted.has(tree.size)) roots.set(tree.size, tree.root());
        if (tree.size === largest) break pages;
      }
      if (page.length < PAGE) break;
    }
    const logSize = tree.size < largest ? tree.size : await countEvents(deps.registry, seq, tree.size);
    let held = 0;
    for (const { source, checkpoint } of pending) {
      const root = roots.get(checkpoint.size);
      if (!root)
        verdicts.push({
          source,
          size: checkpoint.size,
          ok: false,
          problem: `it covers ${checkpoint.size} events but the log holds only ${logSize}: events after ${logSize} were deleted since it was signed (or this is another log)`,
        });
      else if (!root.equals(checkpoint.root))
        verdicts.push({
          source,
          size: checkpoint.size,
          ok: false,
          problem: `the first ${checkpoint.size} events are not the ones it signed: an event between number ${held + 1} and ${checkpoint.size} was changed, removed or reordered, or this is another log`,
        });
      else {
        verdicts.push({ source, size: checkpoint.size, ok: true });
        held = checkpoint.size;
      }
    }
    const consistency = pairs
      .filter((p) => roots.has(p.to))
      .map(({ from, to, ranges }): ConsistencyVerdict => {
        const proof = ranges.map((r) => rangeRoot(r, subtrees)).filter((h): h is Buffer => h !== undefined);
        const ok =
          proof.length === ranges.length && verifyConsistency(from, to, signed.get(from)!, signed.get(to)!, proof);
        return { from, to, hashes: proof.length, ok };
      });
    return { ok: verdicts.every((v) => v.ok) && consistency.every((c) => c.ok), logSize, verdicts, consistency };
  };
}

async function countEvents(registry: Pick<Registry, 'audit'>, afterSeq: number, counted: number): Promise<number> {
  let seq = afterSeq;
  let size = counted;
  for (;;) {
    const page = await registry.audit.hashes(seq, PAGE);
    size += page.length;
    if (page.length < PAGE) return size;
    seq = page.at(-1)!.seq;
  }
}
