/**
 * Instants for the incident domain: ISO 8601 text in, milliseconds or canonical
 * ISO text out. Always from a given time, never the clock, so workflows can call it.
 */

/** Alertmanager's (Go's) zero time: an `endsAt` that means "not ended". */
export const ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');

/**
 * Milliseconds since the epoch of `value` (an ISO 8601 text or a Date).
 * Throws, naming `what`, when it is not a valid time.
 */
export function instantMs(value: string | Date, what: string): number {
  const t = typeof value === 'string' ? Date.parse(value) : value.getTime();
  if (Number.isNaN(t)) {
    throw new RangeError(`Unexpected ${what} \`${typeof value === 'string' ? value : 'Invalid Date'}\`, expected an ISO 8601 time such as 2026-01-05T09:00:00Z`);
  }
  return t;
}

/** `text` (already checked to be RFC 3339) as canonical UTC ISO text, milliseconds kept, finer digits dropped. */
export function canonicalTime(text: string): string {
  return new Date(Date.parse(text)).toISOString();
}
