/**
 * Alert runbooks: wiki pages for an alert are named after it
 * (`KubePodCrashLooping.md`, `# KubePodCrashLooping`). Such a page serves the
 * incidents of that alert, so its `match` is derived when it declares none.
 */

/** A Prometheus alert name written in CamelCase with at least two words, e.g. `KubePodCrashLooping`, `CDINotReady`. */
const ALERT_NAME = /^[A-Z][A-Za-z0-9_:]*$/;

/** True when `name` reads as an alert name rather than a word or a sentence (`Runbook`, `README` and `disk-full` do not). */
export function isAlertName(name: string): boolean {
  return ALERT_NAME.test(name) && /[a-z]/.test(name) && /.[A-Z]/.test(name);
}

/** The first of `candidates` (the `#` heading, front matter title, file name) that is an alert name. */
export function alertNameOf(candidates: readonly (string | undefined)[]): string | undefined {
  return candidates.find((name): name is string => name !== undefined && isAlertName(name));
}
