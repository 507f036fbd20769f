/**
 * Choosing the runbook for an incident: the candidate whose front-matter `match`
 * labels the incident has, the most specific (most labels) first.
 */
import { matchesLabels } from './labels.js';
import type { RunbookCandidate, RunbookChoice } from './types.js';

const byIdThenFile = (a: RunbookCandidate, b: RunbookCandidate): number =>
  a.id < b.id ? -1 : a.id > b.id ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;

/**
 * The runbook for an incident's labels. A candidate matches when the incident has every
 * one of its `match` labels with the same value; one with an empty `match` never does
 * (a runbook without `match` serves no incident). The most specific matches (most
 * `match` labels) are the `ties`, sorted by id (code-unit order, then file); `chosen`
 * is the first of them. Nothing matches: no `chosen`, no ties.
 */
export function selectRunbook(candidates: readonly RunbookCandidate[], labels: Readonly<Record<string, string>>): RunbookChoice {
  let best = 0;
  let ties: RunbookCandidate[] = [];
  for (const candidate of candidates) {
    const size = Object.keys(candidate.match).length;
    if (size === 0 || size < best || !matchesLabels(candidate.match, labels)) continue;
    if (size > best) {
      best = size;
      ties = [];
    }
    ties.push(candidate);
  }
  ties.sort(byIdThenFile);
  const chosen = ties[0];
  return chosen ? { chosen, ties } : { ties };
}
