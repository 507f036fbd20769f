/**
 * State layout. Events live under composite keys so the peer's key order answers queries:
 *   event~<id>                              the event record (JSON)
 *   subject~<kind>~<subjectId>~<utc>~<id>   index by subject, then time
 *   time~<utcDay>~<utc>~<id>                index by time, bucketed by UTC day
 *   batch~<n, 12 digits>                    the batch: root, size, event hashes
 * and the simple key `batchCount` holds the number of committed batches. Composite keys cannot
 * be range-queried in Fabric (only prefix-queried), hence the day buckets for time ranges.
 */

export const EVENT = 'event';
export const SUBJECT = 'subject';
export const TIME = 'time';
export const BATCH = 'batch';
export const BATCH_COUNT = 'batchCount';

/** Index entries need a non-empty value: Fabric treats an empty value as a delete. */
export const INDEX_VALUE = Uint8Array.of(0);

/**
 * UTC form of an instant, millisecond precision, so keys sort by time whatever offset the event
 * was written with. Derived from the event, never from a clock: endorsement is deterministic.
 */
export function utcKey(time: string): string {
  return new Date(time).toISOString();
}

/** Batch numbers zero-padded so that key order is numeric order. */
export function batchKeyPart(n: number): string {
  return String(n).padStart(12, '0');
}

/** UTC days `YYYY-MM-DD` from the day of `from` to the day of `to` (inclusive), or undefined past `max`. */
export function daysBetween(fromUtc: string, toUtc: string, max: number): string[] | undefined {
  const days: string[] = [];
  const last = toUtc.slice(0, 10);
  let t = Date.parse(`${fromUtc.slice(0, 10)}T00:00:00.000Z`);
  for (let day = fromUtc.slice(0, 10); day <= last; day = new Date(t).toISOString().slice(0, 10)) {
    if (days.length >= max) return undefined;
    days.push(day);
    t += 86_400_000;
  }
  return days;
}
