/**
 * NAB anomaly windows: timestamps parsed to epoch milliseconds (UTC, as NAB writes them without a
 * zone), windows from `combined_windows.json` turned into row-index ranges, and the 0/1 label
 * column a results file carries.
 */

/** A labelled window as row indices into one series, both ends inclusive. */
export interface IndexWindow {
  start: number;
  end: number;
}

/** `combined_windows.json`: relative data path (`category/name.csv`) → `[start, end]` timestamp pairs. */
export type WindowsFile = Record<string, Array<[string, string]>>;

const STAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?/;

/** Epoch milliseconds of a NAB timestamp (`2014-04-10 07:15:00` or with `.000000`); throws on anything else. */
export function parseStamp(text: string): number {
  const m = STAMP.exec(text.trim());
  if (m === null) throw new Error(`not a NAB timestamp: ${JSON.stringify(text)}`);
  const [, y, mo, d, h, mi, s, frac] = m;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), ms);
}

/**
 * The row ranges of `windows` in a series with ascending `timestamps`: from the first row at or
 * after the window start to the last row at or before its end (NAB's windows fall on rows, so this
 * is the exact match). Windows with no row in them are dropped.
 */
export function windowIndices(timestamps: readonly number[], windows: ReadonlyArray<readonly [string, string]>): IndexWindow[] {
  const out: IndexWindow[] = [];
  for (const [from, to] of windows) {
    const a = parseStamp(from);
    const b = parseStamp(to);
    const start = lowerBound(timestamps, a);
    const end = lowerBound(timestamps, b + 1) - 1;
    if (end >= start) out.push({ start, end });
  }
  return out.sort((x, y) => x.start - y.start);
}

/** First index whose timestamp is >= `t` (timestamps ascending). */
function lowerBound(timestamps: readonly number[], t: number): number {
  let lo = 0;
  let hi = timestamps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timestamps[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The `label` column of a results file: 1 inside a window, else 0. */
export function labelColumn(length: number, windows: readonly IndexWindow[]): Uint8Array {
  const labels = new Uint8Array(length);
  for (const w of windows) labels.fill(1, w.start, w.end + 1);
  return labels;
}
