/**
 * Diagnostics: every problem in a runbook becomes a positioned vfile message
 * with a rule id, in the grammar "Unexpected X, expected Y", plus the nearest
 * known name when one is close enough to be a typo.
 */
import { distance } from 'fastest-levenshtein';
import type { VFile } from 'vfile';

/** A 1-based line and column in the markdown source. */
export interface Place {
  line: number;
  column: number;
}

export type Severity = 'error' | 'warning';

export interface Problem {
  ruleId: string;
  reason: string;
  place: Place;
  severity?: Severity;
  /** Names the author probably meant; appended to the reason as "did you mean". */
  expected?: string[];
}

/** Where messages go; the origin shows in editors and the CLI. */
export const SOURCE = 'swaybot';

/** Adds one message to `file`; errors are `fatal: true`, warnings `fatal: false`. */
export function report(file: VFile, problem: Problem): void {
  const expected = problem.expected ?? [];
  const hint = expected.length > 0 ? ` (did you mean ${expected.map((name) => `\`${name}\``).join(' or ')}?)` : '';
  const message = file.message(problem.reason + hint, {
    place: { line: problem.place.line, column: problem.place.column },
    ruleId: problem.ruleId,
    source: SOURCE,
  });
  message.fatal = (problem.severity ?? 'error') === 'error';
  if (expected.length > 0) message.expected = expected;
}

/**
 * The candidate nearest to `value` by edit distance, when it is close enough to
 * be a typo (a third of the length, at least 2 edits). Ties go to the
 * alphabetically first name so that messages are deterministic.
 */
export function suggest(value: string, candidates: Iterable<string>): string[] {
  const limit = Math.max(2, Math.floor(value.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === value) continue;
    const d = distance(value.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= limit ? [best] : [];
}

/** Shows a user value in a reason: strings in backticks, others as JSON, long ones cut. */
export function show(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = value;
  else if (value === undefined) text = 'nothing';
  // JSON has no `Infinity` or `NaN`: it would show them as `null`.
  else if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  const oneLine = text.replace(/\s+/g, ' ');
  const cut = oneLine.length > 40 ? `${oneLine.slice(0, 37)}…` : oneLine;
  return `\`${cut.replaceAll('`', "'")}\``;
}

/** A short description of a YAML/JSON value's type, for "Unexpected list for `x`" messages. */
export function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty value';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}
