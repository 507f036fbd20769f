/** Text output of `swaybot ledger verify|prove|events`. */
import pc from 'picocolors';
import type { InclusionProof, LedgerEvent, ReadOnlyVerifyReport, Uncommitted, VerifyProblem } from '../../ledger/index.js';
import { headLines, headsSummary } from './ledger-heads.js';
import { safeFields, safeText } from './safe-text.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Where a problem is, as precisely as the backend knows: `segment:offset seq … event … batch …`. */
export function problemLine(p: VerifyProblem): string {
  const where = [`${p.segment}:${p.offset}`];
  if (p.seq !== undefined) where.push(`seq ${p.seq}`);
  if (p.batch !== undefined) where.push(`batch ${p.batch}`);
  if (p.eventId !== undefined) where.push(`event ${p.eventId}`);
  return `  ${safeText(where.join('  '))}  ${pc.red(safeText(p.reason))}`;
}

/** Bytes after the last commit record: a batch a live writer is finishing, or a crash left. */
export function uncommittedLines(tail: Uncommitted | undefined): string[] {
  if (!tail) return [];
  const lines = [
    pc.yellow(
      `… ${plural(tail.bytes, 'byte')} after the last commit record at ${tail.segment}:${tail.offset} not committed yet ` +
        `(${plural(tail.eventIds.length, 'event')}): a batch being written, or one a crash cut short that the writer's next open drops`,
    ),
  ];
  for (const id of tail.eventIds) lines.push(`  uncommitted ${id}`);
  return lines;
}

/** The report; with signed heads (`sources[i]` says where head i came from), a line per head. */
export function formatVerify(dir: string, report: ReadOnlyVerifyReport, sources?: readonly (string | undefined)[]): string {
  const counts = `${plural(report.records, 'record')}, ${plural(report.events, 'event')}, ${plural(report.batches, 'batch')}`.replace('batchs', 'batches');
  const lines = uncommittedLines(report.uncommitted);
  lines.push(...headLines(report.heads, sources));
  const heads = headsSummary(report.heads);
  if (report.ok) {
    lines.push(pc.green(`✔ ledger ${dir} OK: ${counts} checked${heads.held}`));
    return lines.join('\n');
  }
  const found = report.problems.length > 0 || !heads.failed ? [plural(report.problems.length, 'problem')] : [];
  if (heads.failed) found.push(heads.failed);
  lines.push(pc.red(`✖ ledger ${dir}: ${found.join(', ')} (${counts} checked${heads.held})`));
  for (const p of report.problems) lines.push(problemLine(p));
  return lines.join('\n');
}

export function formatProof(rawEvent: LedgerEvent, proof: InclusionProof, verified: boolean): string {
  // Actors, subjects and types are written by whoever wrote the event: escaped.
  const event = safeFields(rawEvent);
  const lines = [
    `event    ${event.id}`,
    `type     ${event.type}`,
    `subject  ${event.subject.kind}:${event.subject.id}`,
    `actor    ${event.actor}`,
    `time     ${event.time}`,
    `batch    ${proof.batch}  index ${proof.index} of ${proof.size}`,
    `root     ${proof.root}`,
    `leaf     ${proof.leafHash}`,
    `path     ${proof.path.length === 0 ? '(empty: the batch holds this event only)' : ''}`,
  ];
  proof.path.forEach((hash, i) => lines.push(`  ${String(i + 1).padStart(2)}  ${hash}`));
  lines.push(
    verified
      ? pc.green(`✔ proof verifies against batch ${proof.batch} root ${proof.root}`)
      : pc.red(`✖ proof does NOT verify against batch ${proof.batch} root ${proof.root}`),
  );
  return lines.join('\n').replace(/ +$/gm, '');
}

/** A table, oldest first: TIME TYPE SUBJECT ACTOR ID. */
export function formatEvents(events: readonly LedgerEvent[]): string {
  if (events.length === 0) return pc.dim('no matching events');
  const rows = events.map((e) => [e.time, e.type, `${e.subject.kind}:${e.subject.id}`, e.actor, e.id].map((cell) => safeText(cell)));
  const header = ['TIME', 'TYPE', 'SUBJECT', 'ACTOR', 'ID'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [pc.bold(line(header)), ...rows.map(line), pc.dim(plural(events.length, 'event'))].join('\n');
}
