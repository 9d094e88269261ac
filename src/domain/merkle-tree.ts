import { createHash, hash } from 'node:crypto';

/** One perfect subtree of the tree so far: its height (log2 of its leaves) and root. */
export interface Subtree {
  height: number;
  hash: Buffer;
}

const LEAF = Buffer.of(0);
const NODE = Buffer.of(1);

/** RFC 6962 leaf hash: SHA-256(0x00 || leaf). */
export function leafHash(leaf: Buffer): Buffer {
  return hash('sha256', Buffer.concat([LEAF, leaf]), 'buffer');
}

/** RFC 6962 interior node hash: SHA-256(0x01 || left || right). */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return hash('sha256', Buffer.concat([NODE, left, right]), 'buffer');
}

/** SHA-256 of nothing: the RFC 6962 root of an empty tree. */
const EMPTY_ROOT = createHash('sha256').digest();

/**
 * An RFC 6962 Merkle tree grown one leaf at a time, holding only its right edge (at most one
 * perfect subtree per height, about 20 for a million leaves), so the root of any prefix of a long
 * log is computed in one pass with constant memory. `frontier` can be saved and grown later.
 */
export class MerkleFrontier {
  constructor(
    private readonly subtrees: Subtree[] = [],
    public size = 0,
  ) {}

  /**
   * Adds the next leaf (its data, hashed here). `onSubtree` is told of every perfect subtree this
   * completes: its first leaf's index, its height and its root (the leaf itself first).
   */
  append(leaf: Buffer, onSubtree?: (start: number, height: number, hash: Buffer) => void): void {
    let node: Subtree = { height: 0, hash: leafHash(leaf) };
    let start = this.size;
    onSubtree?.(start, 0, node.hash);
    while (this.subtrees.length && this.subtrees.at(-1)!.height === node.height) {
      const left = this.subtrees.pop()!;
      start -= 2 ** left.height;
      node = { height: node.height + 1, hash: nodeHash(left.hash, node.hash) };
      onSubtree?.(start, node.height, node.hash);
    }
    this.subtrees.push(node);
    this.size += 1;
  }

  /** The root of the leaves so far (RFC 6962 MTH). */
  root(): Buffer {
    if (!this.subtrees.length) return EMPTY_ROOT;
    let hash = this.subtrees.at(-1)!.hash;
    for (let i = this.subtrees.length - 2; i >= 0; i--) hash = nodeHash(this.subtrees[i]!.hash, hash);
    return hash;
  }

  /** The right edge, to store and resume from. */
  save(): { size: number; subtrees: { height: number; hash: string }[] } {
    return {
      size: this.size,
      subtrees: this.subtrees.map((s) => ({ height: s.height, hash: s.hash.toString('base64') })),
    };
  }

  /** A frontier saved by {@link MerkleFrontier.save}. */
  static restore(saved: { size: number; subtrees: { height: number; hash: string }[] }): MerkleFrontier {
    return new MerkleFrontier(
      saved.subtrees.map((s) => ({ height: s.height, hash: Buffer.from(s.hash, 'base64') })),
      saved.size,
    );
  }
}
