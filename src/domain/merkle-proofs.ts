import { nodeHash } from './merkle-tree';

/** A run of leaves `[start, end)`: the root of one is one hash of a proof. */
export interface LeafRange {
  start: number;
  end: number;
}

/** A perfect subtree by its first leaf and height, as `MerkleFrontier.append` reports them. */
export type SubtreeKey = `${number}:${number}`;

/** The largest power of two below `n` (n >= 2): where RFC 6962 splits a tree of n leaves. */
function splitOf(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The ranges whose roots make the RFC 6962 inclusion proof (audit path) of leaf `index` in a tree of
 * `size` leaves, in proof order (RFC 6962 section 2.1.1, PATH).
 */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path = (m: number, lo: number, hi: number): LeafRange[] => {
    if (hi - lo === 1) return [];
    const k = splitOf(hi - lo);
    return m < k
      ? [...path(m, lo, lo + k), { start: lo + k, end: hi }]
      : [...path(m - k, lo + k, hi), { start: lo, end: lo + k }];
  };
  return path(index, 0, size);
}

/**
 * The ranges whose roots make the RFC 6962 consistency proof between a tree of `first` leaves and
 * one of `second` (0 < first <= second), in proof order (RFC 6962 section 2.1.2, PROOF and SUBPROOF).
 */
export function consistencyRanges(first: number, second: number): LeafRange[] {
  if (!(first > 0 && first <= second)) throw new RangeError(`no consistency proof from ${first} to ${second}`);
  const subproof = (m: number, lo: number, hi: number, whole: boolean): LeafRange[] => {
    if (m === hi - lo) return whole ? [] : [{ start: lo, end: hi }];
    const k = splitOf(hi - lo);
    return m <= k
      ? [...subproof(m, lo, lo + k, whole), { start: lo + k, end: hi }]
      : [...subproof(m - k, lo + k, hi, false), { start: lo, end: lo + k }];
  };
  return subproof(first, 0, second, true);
}

/**
 * The perfect subtrees whose roots, folded from the right, give a range's root: its leaf count
 * written in binary, largest block first. Every range of a proof starts aligned to its blocks, so
 * each is a subtree a `MerkleFrontier` completes as it grows.
 */
export function blocksOf(range: LeafRange): { start: number; height: number }[] {
  const blocks: { start: number; height: number }[] = [];
  let start = range.start;
  for (let left = range.end - range.start; left > 0; ) {
    const height = Math.floor(Math.log2(left));
    blocks.push({ start, height });
    start += 2 ** height;
    left -= 2 ** height;
  }
  return blocks;
}

/** The key of a perfect subtree, as recorded from `MerkleFrontier.append`. */
export function subtreeKey(start: number, height: number): SubtreeKey {
  return `${start}:${height}`;
}

/** A range's RFC 6962 root from the recorded roots of its blocks; undefined when one is missing. */
export function rangeRoot(range: LeafRange, subtrees: ReadonlyMap<SubtreeKey, Buffer>): Buffer | undefined {
  const hashes = blocksOf(range).map((b) => subtrees.get(subtreeKey(b.start, b.height)));
  if (hashes.some((h) => h === undefined)) return undefined;
  let root = hashes.at(-1)!;
  for (let i = hashes.length - 2; i >= 0; i--) root = nodeHash(hashes[i]!, root);
  return root;
}

/**
 * Checks an RFC 6962 inclusion proof (RFC 9162 section 2.1.3.2): that `leaf` (a leaf hash) is leaf
 * `index` of the tree of `size` leaves whose root is `root`.
 */
export function verifyInclusion(index: number, size: number, leaf: Buffer, proof: Buffer[], root: Buffer): boolean {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else r = nodeHash(r, p);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/**
 * Checks an RFC 6962 consistency proof (RFC 9162 section 2.1.4.2): that the tree of `first` leaves
 * with root `firstRoot` is a prefix of the tree of `second` leaves with root `secondRoot`.
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Buffer,
  secondRoot: Buffer,
  proof: Buffer[],
): boolean {
  if (!(first > 0 && first <= second)) return false;
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : proof;
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0)
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
    } else sr = nodeHash(sr, c);
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(firstRoot) && sr.equals(secondRoot);
}
