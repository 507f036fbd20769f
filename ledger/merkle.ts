import { createHash } from 'node:crypto';

/**
 * Merkle trees over a batch's event hashes, shaped as in RFC 6962 §2.1: leaves hashed with a
 * 0x00 prefix and inner nodes with 0x01, so a leaf can never pass for a node; a tree of n
 * leaves splits at the largest power of two below n. Hashes travel as lowercase hex.
 */

/** An audit path proving that leaf `index` of a tree of `size` leaves hashes to a root. */
export interface MerkleProof {
  index: number;
  size: number;
  /** Sibling hashes from the leaf upwards. */
  path: string[];
}

const sha = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** Leaf hash of a 32-byte event hash (hex). */
export function leafHash(eventHashHex: string): string {
  return sha(Buffer.from([0]), Buffer.from(eventHashHex, 'hex')).toString('hex');
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha(Buffer.from([1]), left, right);
}

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function rootOf(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

/** Root over leaf hashes (hex). An empty batch has no root: that is a programming error. */
export function merkleRoot(leafHashes: readonly string[]): string {
  if (leafHashes.length === 0) throw new Error('Cannot build a Merkle root without leaves');
  return rootOf(leafHashes.map((h) => Buffer.from(h, 'hex'))).toString('hex');
}

/** Inclusion proof for leaf `index` among `leafHashes`. */
export function inclusionProof(leafHashes: readonly string[], index: number): MerkleProof {
  if (!Number.isInteger(index) || index < 0 || index >= leafHashes.length) {
    throw new RangeError(`Leaf index ${index} is outside a tree of ${leafHashes.length} leaves`);
  }
  const path: string[] = [];
  const walk = (leaves: Buffer[], i: number): void => {
    if (leaves.length === 1) return;
    const k = split(leaves.length);
    if (i < k) {
      walk(leaves.slice(0, k), i);
      path.push(rootOf(leaves.slice(k)).toString('hex'));
    } else {
      walk(leaves.slice(k), i - k);
      path.push(rootOf(leaves.slice(0, k)).toString('hex'));
    }
  };
  walk(leafHashes.map((h) => Buffer.from(h, 'hex')), index);
  return { index, size: leafHashes.length, path };
}

/**
 * True when `proof` shows `leaf` (a leaf hash, hex) at `proof.index` in a tree whose root is
 * `root`. Follows RFC 9162 §2.1.3.2; any malformed input is simply false.
 */
export function verifyProof(leaf: string, proof: MerkleProof, root: string): boolean {
  const { index, size, path } = proof;
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  if (!/^[0-9a-f]{64}$/.test(leaf) || !/^[0-9a-f]{64}$/.test(root)) return false;
  let fn = index;
  let sn = size - 1;
  let r: Buffer = Buffer.from(leaf, 'hex');
  for (const p of path) {
    if (!/^[0-9a-f]{64}$/.test(p) || sn === 0) return false;
    const sibling = Buffer.from(p, 'hex');
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(sibling, r);
      // Skip levels where this node is a lone right edge (no sibling there).
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn >>= 1;
          sn >>= 1;
        }
      }
    } else {
      r = nodeHash(r, sibling);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r.toString('hex') === root;
}
