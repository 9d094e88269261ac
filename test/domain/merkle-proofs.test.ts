import { createHash } from 'node:crypto';
import {
  consistencyRanges,
  inclusionRanges,
  rangeRoot,
  subtreeKey,
  verifyConsistency,
  verifyInclusion,
} from '../../src/domain/merkle-proofs';
import type { SubtreeKey } from '../../src/domain/merkle-proofs';
import { MerkleFrontier, leafHash, nodeHash } from '../../src/domain/merkle-tree';

/** The leaves of the RFC 6962 reference vectors (transparency-dev/merkle testonly). */
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
/** Their expected proofs (RFC 6962 definitions), as published with those leaves. */
const INCLUSION: [number, number, string[]][] = [
  [0, 1, []],
  [0, 2, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7']],
  [1, 2, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d']],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [
    1,
    5,
    [
      '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    0,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    5,
    8,
    [
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];
const CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [
    1,
    8,
    [
      '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4',
    ],
  ],
  [
    2,
    5,
    [
      '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
      'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
    ],
  ],
  [
    6,
    8,
    [
      '0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a',
      'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
      'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    ],
  ],
];

/** Every perfect subtree of a tree grown from `leaves`, as the frontier reports them, and the root of each prefix. */
function grow(leaves: Buffer[]) {
  const subtrees = new Map<SubtreeKey, Buffer>();
  const tree = new MerkleFrontier();
  const roots = [tree.root()];
  for (const leaf of leaves) {
    tree.append(leaf, (start, height, hash) => void subtrees.set(subtreeKey(start, height), hash));
    roots.push(tree.root());
  }
  return { subtrees, roots };
}

/** RFC 6962 MTH written straight from its definition, to check the proofs against at every size. */
function mth(leaves: Buffer[]): Buffer {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leafHash(leaves[0]!);
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}

const proofOf = (ranges: { start: number; end: number }[], subtrees: Map<SubtreeKey, Buffer>) =>
  ranges.map((r) => rangeRoot(r, subtrees)!);
const hex = (hashes: Buffer[]) => hashes.map((h) => h.toString('hex'));

test('inclusion and consistency proofs are the RFC 6962 reference vectors, and each checks', () => {
  const leaves = LEAVES.map((l) => Buffer.from(l, 'hex'));
  const { subtrees, roots } = grow(leaves);
  for (const [index, size, want] of INCLUSION) {
    const proof = proofOf(inclusionRanges(index, size), subtrees);
    expect([index, size, hex(proof)]).toEqual([index, size, want]);
    expect(verifyInclusion(index, size, leafHash(leaves[index]!), proof, roots[size]!)).toBe(true);
  }
  for (const [first, second, want] of CONSISTENCY) {
    const proof = proofOf(consistencyRanges(first, second), subtrees);
    expect([first, second, hex(proof)]).toEqual([first, second, want]);
    expect(verifyConsistency(first, second, roots[first]!, roots[second]!, proof)).toBe(true);
  }
});

test('at every size up to 70, every proof checks against the definition, and any change to it, its leaf, index, sizes or roots is refused', () => {
  const leaves = Array.from({ length: 70 }, (_, i) => Buffer.from([i, i * 7]));
  const { subtrees, roots } = grow(leaves);
  const flip = (b: Buffer) => Buffer.from(b.map((x, i) => (i === 0 ? x ^ 1 : x)));
  for (let size = 1; size <= leaves.length; size++) {
    expect(roots[size]).toEqual(mth(leaves.slice(0, size)));
    for (let index = 0; index < size; index++) {
      const leaf = leafHash(leaves[index]!);
      const proof = proofOf(inclusionRanges(index, size), subtrees);
      expect(verifyInclusion(index, size, leaf, proof, roots[size]!)).toBe(true);
      expect(verifyInclusion(index, size, flip(leaf), proof, roots[size]!)).toBe(false);
      expect(verifyInclusion(index, size, leaf, proof, flip(roots[size]!))).toBe(false);
      if (size > 1) {
        expect(verifyInclusion((index + 1) % size, size, leaf, proof, roots[size]!)).toBe(false);
        expect(verifyInclusion(index, size, leaf, [...proof.slice(1), flip(proof[0]!)], roots[size]!)).toBe(false);
        expect(verifyInclusion(index, size, leaf, proof.slice(1), roots[size]!)).toBe(false);
      }
    }
    for (let first = 1; first <= size; first++) {
      const proof = proofOf(consistencyRanges(first, size), subtrees);
      expect(verifyConsistency(first, size, roots[first]!, roots[size]!, proof)).toBe(true);
      expect(verifyConsistency(first, size, flip(roots[first]!), roots[size]!, proof)).toBe(false);
      expect(verifyConsistency(first, size, roots[first]!, flip(roots[size]!), proof)).toBe(false);
      if (proof.length) expect(verifyConsistency(first, size, roots[first]!, roots[size]!, proof.slice(1))).toBe(false);
      if (first > 1 && first < size) {
        expect(verifyConsistency(first - 1, size, roots[first]!, roots[size]!, proof)).toBe(false);
        expect(verifyConsistency(first, size, roots[first]!, roots[size]!, [flip(proof[0]!), ...proof.slice(1)])).toBe(
          false,
        );
      }
    }
  }
});
