/**
 * Per-series model choice by rolling-origin backtest on the series' own history: every
 * candidate forecasts `horizon` points from `origins` cut points `step` apart before the end,
 * each is scored by its backtest OWA (½ (sMAPE / sMAPE_ref + MASE / MASE_ref), ref = Naive2
 * when it is a candidate, else the median candidate), and the `top` best are combined
 * step by step (median, or mean weighted by 1 / score) into the forecast from the full series.
 *
 * Candidates are anything with a name and `(values, horizon) => Forecast | Promise<Forecast>`:
 * the local classical models (`localCandidate`), or a learned global model wrapped the same way.
 * A global model that forecasts a whole batch at once can instead hand in its forecasts
 * precomputed (`precomputed`: per model, one forecast per origin, oldest cut first, and the final).
 */
import { mase, maseScale, smape } from './metrics.js';
import type { Forecast, LocalForecaster } from './types.js';

export interface Candidate {
  readonly name: string;
  forecast(values: readonly number[], horizon: number): Forecast | Promise<Forecast>;
}

/** A LocalForecaster as a candidate with a fixed seasonal period. */
export function localCandidate(model: LocalForecaster, season: number): Candidate {
  return { name: model.name, forecast: (values, horizon) => model.forecast({ values, horizon, season }) };
}

export function localCandidates(models: readonly LocalForecaster[], season: number): Candidate[] {
  return models.map((m) => localCandidate(m, season));
}

/** Forecasts a model made elsewhere: at each backtest origin (oldest cut first), and from the full series. */
export interface PrecomputedForecasts {
  origins: readonly Forecast[];
  final: Forecast;
}

export type Combine = 'median' | 'weighted';

export interface SelectOptions {
  /** Backtest origins (default 3). */
  origins?: number;
  /** Points between origins (default = horizon). */
  step?: number;
  /** How many of the best candidates to combine (default 3; 1 = pick the best). */
  top?: number;
  combine?: Combine;
  /** Model name → forecasts made elsewhere (e.g. a global model over the whole batch). */
  precomputed?: Readonly<Record<string, PrecomputedForecasts>>;
}

export interface BacktestError {
  /** Mean over origins. */
  smape: number;
  mase: number;
  /** Backtest OWA against the reference (lower is better); what the ranking uses. */
  score: number;
}

export interface Selection {
  /** The chosen forecast; `model` is the model's name, or `combo(a,b,…)` for a combination. */
  forecast: Forecast;
  chosen: string[];
  errors: Record<string, BacktestError>;
  /** Every candidate's forecast from the full series. */
  forecasts: Record<string, Forecast>;
}

/** Cut points (series lengths) of the backtest, oldest first; those that leave < 2 seasons of history are dropped. */
export function backtestCuts(n: number, horizon: number, origins: number, step: number, minHistory: number): number[] {
  const cuts: number[] = [];
  for (let k = origins; k >= 1; k--) {
    const cut = n - horizon - (k - 1) * step;
    if (cut >= minHistory) cuts.push(cut);
  }
  return cuts;
}

/** Combines forecasts step by step: the median, or the mean weighted by `weights`. p50/p90 combine the same way, so p50 ≤ p90 holds. */
export function combineForecasts(model: string, forecasts: readonly Forecast[], combine: Combine, weights?: readonly number[]): Forecast {
  const pick = (key: 'point' | 'p50' | 'p90'): number[] =>
    forecasts[0]![key].map((_, h) => {
      const xs = forecasts.map((f) => f[key][h]!);
      if (combine === 'median') return median(xs);
      const w = weights ?? xs.map(() => 1);
      let s = 0;
      let ws = 0;
      xs.forEach((x, i) => ((s += w[i]! * x), (ws += w[i]!)));
      return s / ws;
    });
  return { model, point: pick('point'), p50: pick('p50'), p90: pick('p90') };
}

export async function selectAndForecast(
  values: readonly number[],
  horizon: number,
  season: number,
  candidates: readonly Candidate[],
  options: SelectOptions = {},
): Promise<Selection> {
  const precomputed = options.precomputed ?? {};
  const names = [...candidates.map((c) => c.name), ...Object.keys(precomputed).filter((k) => !candidates.some((c) => c.name === k))];
  const cuts = backtestCuts(values.length, horizon, options.origins ?? 3, options.step ?? horizon, 2 * season + 1);
  const raw: Record<string, { smape: number; mase: number }> = {};
  const forecasts: Record<string, Forecast> = {};
  for (const name of names) {
    const candidate = candidates.find((c) => c.name === name);
    const pre = precomputed[name];
    let s = 0;
    let m = 0;
    for (let i = 0; i < cuts.length; i++) {
      const cut = cuts[i]!;
      const history = values.slice(0, cut);
      const f = pre ? pre.origins[i]! : await candidate!.forecast(history, horizon);
      const actual = values.slice(cut, cut + horizon);
      s += smape(actual, f.point);
      m += maseScale(history, season) > 0 ? mase(history, actual, f.point, season) : 0;
    }
    raw[name] = { smape: s / Math.max(cuts.length, 1), mase: m / Math.max(cuts.length, 1) };
    forecasts[name] = pre ? pre.final : await candidate!.forecast(values, horizon);
  }
  const ref = raw['naive2'] ?? { smape: median(names.map((n) => raw[n]!.smape)), mase: median(names.map((n) => raw[n]!.mase)) };
  const errors: Record<string, BacktestError> = {};
  for (const name of names) {
    const r = raw[name]!;
    errors[name] = { ...r, score: 0.5 * (ratio(r.smape, ref.smape) + ratio(r.mase, ref.mase)) };
  }
  const ranked = [...names].sort((a, b) => errors[a]!.score - errors[b]!.score);
  const chosen = ranked.slice(0, Math.max(1, Math.min(options.top ?? 3, ranked.length)));
  if (chosen.length === 1) return { forecast: { ...forecasts[chosen[0]!]!, model: chosen[0]! }, chosen, errors, forecasts };
  const combine = options.combine ?? 'median';
  const weights = chosen.map((n) => 1 / Math.max(errors[n]!.score, 1e-6));
  const forecast = combineForecasts(`combo(${chosen.join(',')})`, chosen.map((n) => forecasts[n]!), combine, weights);
  return { forecast, chosen, errors, forecasts };
}

function ratio(x: number, ref: number): number {
  return ref > 0 ? x / ref : x === 0 ? 1 : x;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : 0.5 * (s[mid - 1]! + s[mid]!);
}
