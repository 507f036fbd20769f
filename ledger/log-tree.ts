import { createHash } from 'node:crypto';

/**
 * The log-wide Merkle tree a signed head commits to: RFC 6962 §2.1 (RFC 9162 §2.1.1) over every
 * committed event's leaf hash in commit order, across batches. Kept as its "peaks" (the roots of
 * the perfect subtrees the leaves so far split into, largest first), so appending a leaf and
 * taking the root cost O(log n), and a writer never rehashes the whole log per batch.
 */
export class LogTree {
  #size = 0;
  readonly #peaks: { height: number; hash: Buffer }[] = [];

  /** Number of leaves. */
  get size(): number {
    return this.#size;
  }

  /** Appends one leaf hash (hex, as `leafHash` returns). */
  push(leafHex: string): void {
    let node: { height: number; hash: Buffer } = { height: 0, hash: Buffer.from(leafHex, 'hex') };
    for (let top = this.#peaks.at(-1); top && top.height === node.height; top = this.#peaks.at(-1)) {
      this.#peaks.pop();
      node = { height: node.height + 1, hash: nodeHash(top.hash, node.hash) };
    }
    this.#peaks.push(node);
    this.#size += 1;
  }

  /** MTH of the leaves so far; of none, sha256 of the empty string (RFC 6962). */
  root(): string {
    const peaks = this.#peaks;
    if (peaks.length === 0) return createHash('sha256').digest('hex');
    // A tree of n leaves splits at the largest power of two below n: the first peak is the left
    // subtree, the rest fold into the right one.
    let r = peaks.at(-1)!.hash;
    for (let i = peaks.length - 2; i >= 0; i--) r = nodeHash(peaks[i]!.hash, r);
    return r.toString('hex');
  }
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(Buffer.from([1])).update(left).update(right).digest();
}

/** The log root over the first `size` leaves, for each size asked (sizes beyond the log are left out). */
export function logRoots(leaves: readonly string[], sizes: Iterable<number>): Map<number, string> {
  const wanted = [...new Set(sizes)].filter((s) => Number.isInteger(s) && s >= 0 && s <= leaves.length).sort((a, b) => a - b);
  const roots = new Map<number, string>();
  const tree = new LogTree();
  for (const size of wanted) {
    while (tree.size < size) tree.push(leaves[tree.size]!);
    roots.set(size, tree.root());
  }
  return roots;
}
