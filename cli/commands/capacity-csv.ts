/**
 * A `timestamp,value` CSV as a forecast input: parsed like `telemetry detect`'s (telemetry-csv.ts),
 * then checked for what a forecast needs: timestamps strictly increasing (an unsorted or duplicate
 * row is an error naming its line) and equally spaced. Missing steps are the documented repair:
 * filled by linear interpolation and counted, up to 20 % of the series; more is an error.
 */
import { HistoryGapError, regularise } from '../../capacity/history/regular.js';
import { readSeriesCsv, SeriesCsvError } from './telemetry-csv.js';

export interface ForecastSeries {
  timestamps: number[];
  values: number[];
  stepMs: number;
  /** Missing steps filled by interpolation. */
  filled: number;
}

export function readForecastCsv(path: string, shown = path): ForecastSeries {
  const csv = readSeriesCsv(path, shown);
  const t = csv.timestamps;
  for (let i = 1; i < t.length; i++) {
    if (t[i]! === t[i - 1]!) throw new SeriesCsvError(shown, csv.lines[i]!, `duplicate timestamp ${csv.stamps[i]} (also on line ${csv.lines[i - 1]}); keep one row per time`);
    if (t[i]! < t[i - 1]!) throw new SeriesCsvError(shown, csv.lines[i]!, `timestamp ${csv.stamps[i]} is before the row above (line ${csv.lines[i - 1]}); sort the file by time`);
  }
  if (t.length < 3) throw new SeriesCsvError(shown, csv.lines[t.length - 1]!, `${t.length} rows is too few to forecast from`);
  const step = smallestCommonStep(t);
  try {
    const regular = regularise(
      t.map((x, i) => ({ t: x, value: csv.values[i]! })),
      t[0]!,
      t[t.length - 1]! + step,
      step,
      shown,
    );
    return { timestamps: regular.timestamps, values: regular.values, stepMs: step, filled: regular.filled };
  } catch (err) {
    if (err instanceof HistoryGapError) throw new SeriesCsvError(shown, csv.lines[0]!, err.message.replace(`${shown}: `, ''));
    throw err;
  }
}

/** The step: the most common difference between rows (gaps are multiples of it). */
function smallestCommonStep(t: readonly number[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < t.length; i++) counts.set(t[i]! - t[i - 1]!, (counts.get(t[i]! - t[i - 1]!) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}
