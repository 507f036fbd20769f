import { logRoots } from './log-tree.js';
import { signatureProblem, type SignedHead, type TrustedKey } from './signed-head.js';

/** What checking one signed head against the ledger found. */
export interface HeadCheck {
  head: SignedHead;
  ok: boolean;
  /** Why it failed, or what matched. */
  reason: string;
}

/**
 * Checks heads against the committed log's leaves (in commit order). A head holds when a
 * trusted key signed it, the log has at least `size` events (else acknowledged events were cut
 * off), and the root over the first `size` leaves is the signed root (else the events up to
 * the head were rewritten, reordered or removed): a consistency check by recomputation, since
 * the verifier holds the whole log.
 */
export function checkHeads(leaves: readonly string[], heads: readonly SignedHead[], keys: readonly TrustedKey[]): HeadCheck[] {
  const roots = logRoots(leaves, heads.map((h) => h.size));
  const n = leaves.length;
  return heads.map((head) => {
    const bad = signatureProblem(head, keys);
    if (bad) return { head, ok: false, reason: bad };
    if (head.size > n) {
      const missing = head.size - n;
      return {
        head,
        ok: false,
        reason: `the ledger holds ${n} committed event(s), but this head was signed over ${head.size}: ${missing} acknowledged event(s) are missing (truncated)`,
      };
    }
    const root = roots.get(head.size)!;
    if (root !== head.root) {
      return {
        head,
        ok: false,
        reason: `the ledger's first ${head.size} event(s) hash to ${root.slice(0, 16)}…, not the signed root ${head.root.slice(0, 16)}…: events the head covers were rewritten, reordered or removed`,
      };
    }
    return { head, ok: true, reason: `the ledger's first ${head.size} of ${n} event(s) hash to the signed root` };
  });
}
