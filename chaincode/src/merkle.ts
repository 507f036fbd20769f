import { createHash } from 'node:crypto';

/**
 * RFC 6962 §2.1 Merkle trees over a batch's event hashes, as the swaybot ledger builds them
 * (ledger/merkle.ts): leaf = sha256(0x00 ‖ event hash), node = sha256(0x01 ‖ left ‖ right), a
 * tree of n > 1 leaves split at the largest power of two smaller than n. Hex in, hex out.
 */

function digest(prefix: number, ...parts: Buffer[]): Buffer {
  const h = createHash('sha256').update(Buffer.of(prefix));
  for (const part of parts) h.update(part);
  return h.digest();
}

/** Largest power of two strictly below n (n >= 2). */
function splitPoint(n: number): number {
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

/** Leaf hash (hex) of one event hash (hex). */
export function leafOf(eventHashHex: string): string {
  return digest(0, Buffer.from(eventHashHex, 'hex')).toString('hex');
}

/** Root of leaves[lo, hi). */
function subtree(leaves: readonly Buffer[], lo: number, hi: number): Buffer {
  if (hi - lo === 1) return leaves[lo] as Buffer;
  const mid = lo + splitPoint(hi - lo);
  return digest(1, subtree(leaves, lo, mid), subtree(leaves, mid, hi));
}

/** Merkle root (hex) over leaf hashes (hex); a batch always has at least one event. */
export function rootOf(leafHashes: readonly string[]): string {
  if (leafHashes.length === 0) throw new Error('a batch needs at least one event');
  const leaves = leafHashes.map((h) => Buffer.from(h, 'hex'));
  return subtree(leaves, 0, leaves.length).toString('hex');
}

/** Audit path (sibling hashes, leaf upwards) for leaf `index` among `leafHashes`. */
export function auditPath(leafHashes: readonly string[], index: number): string[] {
  const leaves = leafHashes.map((h) => Buffer.from(h, 'hex'));
  const path: string[] = [];
  let lo = 0;
  let hi = leaves.length;
  // Walk down from the root, remembering the sibling subtree at each level, then reverse.
  while (hi - lo > 1) {
    const mid = lo + splitPoint(hi - lo);
    if (index < mid) {
      path.push(subtree(leaves, mid, hi).toString('hex'));
      hi = mid;
    } else {
      path.push(subtree(leaves, lo, mid).toString('hex'));
      lo = mid;
    }
  }
  return path.reverse();
}
