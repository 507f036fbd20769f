/**
 * The M4 accuracy measures, exactly as the competition defined them (Makridakis et al. 2020,
 * and the organisers' R code): sMAPE and MASE of one forecast, and OWA of a method over a data
 * set relative to Naive2 from the per-series means.
 */

/** sMAPE = 200/h · Σ |Y − F| / (|Y| + |F|), in percent. A step with Y = F = 0 adds 0. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  checkLengths(actual, forecast);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const y = actual[i]!;
    const f = forecast[i]!;
    const den = Math.abs(y) + Math.abs(f);
    if (den > 0) sum += Math.abs(y - f) / den;
  }
  return (200 * sum) / actual.length;
}

/** The MASE denominator: mean over t = m+1..n of |Y_t − Y_{t−m}| on the in-sample series. */
export function maseScale(insample: readonly number[], season: number): number {
  if (insample.length <= season) throw new Error(`MASE needs more than ${season} in-sample points, got ${insample.length}`);
  let sum = 0;
  for (let t = season; t < insample.length; t++) sum += Math.abs(insample[t]! - insample[t - season]!);
  return sum / (insample.length - season);
}

/** MASE = mean |Y − F| / maseScale(insample, season). */
export function mase(insample: readonly number[], actual: readonly number[], forecast: readonly number[], season: number): number {
  checkLengths(actual, forecast);
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i]! - forecast[i]!);
  return sum / actual.length / maseScale(insample, season);
}

/** OWA = ½ (sMAPE / sMAPE_Naive2 + MASE / MASE_Naive2), from means over the data set. */
export function owa(smapeMean: number, maseMean: number, naive2SmapeMean: number, naive2MaseMean: number): number {
  return 0.5 * (smapeMean / naive2SmapeMean + maseMean / naive2MaseMean);
}

/** Accuracy of one method over a data set: the means of sMAPE and MASE over its series. */
export interface Accuracy {
  smape: number;
  mase: number;
  series: number;
}

/** Accumulates per-series sMAPE and MASE into the data-set means. */
export class AccuracyTally {
  private smapeSum = 0;
  private maseSum = 0;
  private n = 0;

  add(insample: readonly number[], actual: readonly number[], forecast: readonly number[], season: number): void {
    this.smapeSum += smape(actual, forecast);
    this.maseSum += mase(insample, actual, forecast, season);
    this.n++;
  }

  result(): Accuracy {
    return { smape: this.smapeSum / this.n, mase: this.maseSum / this.n, series: this.n };
  }
}

function checkLengths(actual: readonly number[], forecast: readonly number[]): void {
  if (actual.length !== forecast.length || actual.length === 0) {
    throw new Error(`actual (${actual.length}) and forecast (${forecast.length}) must have the same, non-zero length`);
  }
}
