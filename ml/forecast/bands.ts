/**
 * Quantiles for the classical models. Every classical model here is an additive-error
 * exponential-smoothing or naive model, so its h-step forecast error has variance
 * σ² · v_h, where σ is the RMSE of its in-sample one-step residuals and v_h the model's
 * horizon multiplier (Hyndman et al. 2008, class 1: v_h = 1 + Σ_{j<h} c_j²; naive: h;
 * seasonal naive: ⌊(h−1)/m⌋ + 1). The errors are taken as symmetric, so p50 = the point
 * forecast and p90 = point + z₀.₉ · σ · √v_h (z₀.₉ = 1.2816), hence p50 ≤ p90 always.
 */
import type { Forecast } from './types.js';

export const Z90 = 1.2815515655446004;

/** RMSE of the residuals that are finite (NaN where a model has no fitted value yet). */
export function residualSigma(residuals: ArrayLike<number>): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < residuals.length; i++) {
    const e = residuals[i]!;
    if (Number.isFinite(e)) {
      s += e * e;
      n++;
    }
  }
  return n === 0 ? 0 : Math.sqrt(s / n);
}

/**
 * A Forecast with p50 = point and p90 = point + z₀.₉ · σ · √v_h · scale_h, where `scale`
 * (default 1) carries a multiplicative seasonal index when σ is on the deseasonalised scale.
 */
export function gaussianForecast(
  model: string,
  point: readonly number[],
  sigma: number,
  multipliers: readonly number[],
  scale?: readonly number[],
): Forecast {
  const s = Number.isFinite(sigma) && sigma > 0 ? sigma : 0;
  const p90 = point.map((p, h) => p + Z90 * s * Math.sqrt(multipliers[h]!) * Math.abs(scale?.[h] ?? 1));
  return { model, point: [...point], p50: [...point], p90 };
}

/** v_h = 1 + Σ_{j=1}^{h−1} c_j² for the class-1 state-space models, given c_j. */
export function multipliersFrom(horizon: number, c: (j: number) => number): number[] {
  const out: number[] = [];
  let v = 1;
  for (let h = 1; h <= horizon; h++) {
    out.push(v);
    const cj = c(h);
    v += cj * cj;
  }
  return out;
}
