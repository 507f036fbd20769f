/** Text output for signed heads: `swaybot ledger verify --head|--receipts` and `ledger prove --head`. */
import pc from 'picocolors';
import type { HeadCheck, SignedHead } from '../../ledger/index.js';
import { safeText } from './safe-text.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `size 4, root 1a2b…, signed <time> by key 0123…`: what identifies a head to a person. */
export function headLabel(head: SignedHead): string {
  return `head size ${head.size}, root ${head.root.slice(0, 16)}…, signed ${head.time} by key ${head.keyId.slice(0, 16)}…`;
}

/** At most this many heads that hold are listed one by one; more are summed up in one line. */
const LISTED = 3;

/** One line per head that failed, and the ones that held (listed when few, else counted). */
export function headLines(checks: readonly HeadCheck[] | undefined, sources: readonly (string | undefined)[] = []): string[] {
  if (!checks) return [];
  // Sources are file names and workflow ids: escaped.
  const from = (i: number) => (sources[i] ? ` (from ${safeText(sources[i])})` : '');
  const lines: string[] = [];
  const held = checks.flatMap((c, i) => (c.ok ? [i] : []));
  if (held.length <= LISTED) {
    for (const i of held) lines.push(pc.green(`✔ ${headLabel(checks[i]!.head)}${from(i)}: ${checks[i]!.reason}`));
  } else {
    const sizes = held.map((i) => checks[i]!.head.size);
    lines.push(pc.green(`✔ ${plural(held.length, 'signed head')} hold (sizes ${Math.min(...sizes)} to ${Math.max(...sizes)})`));
  }
  checks.forEach((c, i) => {
    if (!c.ok) lines.push(pc.red(`✖ ${headLabel(c.head)}${from(i)}: ${c.reason}`));
  });
  return lines;
}

/** What `ledger verify` adds to its summary about heads: `, held to 2 signed heads`, or failures. */
export function headsSummary(checks: readonly HeadCheck[] | undefined): { held: string; failed: string | undefined } {
  if (!checks) return { held: '', failed: undefined };
  const failed = checks.filter((c) => !c.ok).length;
  return { held: `, held to ${plural(checks.length, 'signed head')}`, failed: failed > 0 ? `${plural(failed, 'signed head')} not matched` : undefined };
}

/** The line `ledger prove --head` ends with. */
export function headProofLine(head: SignedHead, problem: string | undefined): string {
  return problem === undefined
    ? pc.green(`✔ included in signed ${headLabel(head)}: the proof over the log's first ${head.size} events verifies against the signed root`)
    : pc.red(`✖ NOT proved against signed ${headLabel(head)}: ${problem}`);
}

/** Said under a proof checked only against the ledger's own root. */
export const UNANCHORED = pc.dim('  (checked against the root this ledger stores; pass --head <signed head> to check against a signed head)');
