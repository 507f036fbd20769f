/**
 * Label sets: the canonical key of a set of labels (the dedupe key of alerts
 * whose sender gave none) and the `match` test routes and runbooks use.
 */
import { fnv1a } from './key.js';

/**
 * The labels as canonical text: `"k"="v"` pairs (JSON-quoted, so `=`, `,` and quotes in
 * names or values cannot make two sets read alike), sorted by name in code-unit order
 * (not the locale's, which differs between machines), joined by `,`.
 */
export function canonicalLabels(labels: Readonly<Record<string, string>>): string {
  return Object.keys(labels)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${JSON.stringify(name)}=${JSON.stringify(labels[name])}`)
    .join(',');
}

/**
 * A deterministic key of a label set: FNV-1a (32 bits, 8 hex digits) of its canonical text.
 * The same labels in any order give the same key. Two different sets share a key with
 * odds of about 1 in 4 billion per pair; as keys are only compared within one service
 * (the incident id is `incident-<service>-<key>`), a collision merges two of that service's
 * alerts into one incident, which people notice and can split by hand.
 */
export function labelKey(labels: Readonly<Record<string, string>>): string {
  return fnv1a(canonicalLabels(labels));
}

/** Whether `labels` has every label of `match` with the same value (an empty `match` is met by all). */
export function matchesLabels(match: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(match).every(([name, value]) => labels[name] === value);
}
