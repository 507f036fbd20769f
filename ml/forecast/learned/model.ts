/**
 * The training, forecasting and persistence shared by the learned global forecasters (lstm.ts,
 * nbeats.ts). A model is an ensemble of `members` networks (net.ts), member k reading a window of
 * `lookbacks[k mod n]` points, seeded from the training seed and k; the forecast is the median of
 * the members' quantiles (in the normalised space), decoded by the window's level (scaling.ts).
 *
 * Training per member: Adam on the quantile loss (quantile.ts) over `epochs` × `stepsPerEpoch`
 * batches of windows sampled from every series (windows.ts) by a seeded generator, the learning
 * rate decayed along a cosine to `lrFloor` × its start. With `holdout`, the last `horizon` points
 * of every series are kept out of training and the weights of the epoch with the best held-out
 * accuracy (½ (sMAPE / sMAPE_snaive + MASE / MASE_snaive), snaive on the same windows) are kept.
 *
 * Determinism: weights start from seeded Glorot initialisers and windows come from a seeded
 * generator, so two trainings with the same seed, data and backend run the same arithmetic.
 */
import { loadTf, type BackendName, type LoadedTf } from '../../learned/backend.js';
import { mase, maseScale, smape } from '../metrics.js';
import type { Forecast, ForecastRequest, GlobalForecaster, ModelMetadata, TrainOptions } from '../types.js';
import { readArtifact, versionOf, writeArtifact, type Manifest } from './artifact.js';
import type { Net, NetShape } from './net.js';
import { quantileLoss, splitQuantiles } from './quantile.js';
import { mulberry32, subSeed } from './rng.js';
import { decode, type Transform } from './scaling.js';
import { encodeInputs, holdoutSeries, WindowSampler } from './windows.js';

/**
 * The backend the learned forecasters ask `loadTf` for first (it falls back to the others).
 * Measured here (2 shared cores, loaded machine): one Adam step of a 4-block N-BEATS (168 → 96,
 * 128 units, batch 256) takes 48 ms on tensorflow (tfjs-node) against 400 ms on wasm; 256 units,
 * batch 1024: 178 vs 5,207 ms. Unlike the detector's tiny MLP, these matrices are large enough
 * for TensorFlow's kernels to win. `SWAYBOT_TF_BACKEND` or the `backend` option override it.
 */
export const FORECAST_BACKEND: BackendName = 'tensorflow';

export interface CommonHyper {
  /** Input window lengths in points; member k uses lookbacks[k mod n]. */
  lookbacks: number[];
  /** Ensemble size (networks trained with different seeds / lookbacks; the median is the forecast). */
  members: number;
  epochs: number;
  stepsPerEpoch: number;
  batchSize: number;
  learningRate: number;
  /** The learning rate decays along a cosine to learningRate × lrFloor at the last epoch. */
  lrFloor: number;
  /** Training cut points are drawn from the last historyLimit × horizon points of each series. */
  historyLimit: number;
  transform: Transform;
  /** Keep the last horizon of each series out of training to pick the best epoch (early stopping). */
  holdout: boolean;
  /** Weight of the p90 pinball loss beside the p50 one. */
  p90Weight: number;
}

export interface LearnedOptions {
  /** A loaded TF.js; otherwise `loadTf(backend ?? FORECAST_BACKEND)`. */
  tf?: LoadedTf;
  backend?: BackendName;
  /** Do not log the backend line. */
  quiet?: boolean;
}

/** A forecast that names the trained model version that produced it. */
export interface LearnedForecast extends Forecast {
  version: string;
}

interface Member {
  lookback: number;
  seed: number;
  net: Net;
}

const PREDICT_CHUNK = 1024;

export abstract class WindowedForecaster<H extends CommonHyper> implements GlobalForecaster {
  abstract readonly name: string;
  /** Family recorded in metadata and the version (`global-nbeats`, `lstm`). */
  abstract readonly family: string;
  readonly hyper: H;
  private loaded: LoadedTf | undefined;
  private members: Member[] = [];
  private shape: { horizon: number; season: number } | undefined;
  private meta: ModelMetadata | undefined;

  protected constructor(
    hyper: H,
    private readonly options: LearnedOptions,
  ) {
    this.hyper = hyper;
    this.loaded = options.tf;
  }

  protected abstract buildNet(tf: LoadedTf['tf'], shape: NetShape): Net;

  get metadata(): ModelMetadata | undefined {
    return this.meta === undefined ? undefined : structuredClone(this.meta);
  }

  /** Adds metrics (e.g. an external backtest) to the metadata that `save` writes. */
  recordMetrics(metrics: Record<string, number>): void {
    if (this.meta === undefined) throw new Error(`${this.family}: not trained`);
    Object.assign(this.meta.metrics, metrics);
  }

  protected async tfReady(): Promise<LoadedTf> {
    if (this.loaded === undefined) {
      const preferred = this.options.backend ?? (process.env.SWAYBOT_TF_BACKEND === undefined ? FORECAST_BACKEND : undefined);
      this.loaded = await loadTf(preferred, { quiet: this.options.quiet ?? false });
    }
    return this.loaded;
  }

  async train(series: readonly (readonly number[])[], options: TrainOptions): Promise<ModelMetadata> {
    const loaded = await this.tfReady();
    const { tf } = loaded;
    const h = this.hyper;
    const { horizon, season } = options;
    const seed = options.seed ?? 1;
    const started = performance.now();
    this.dispose();
    this.shape = { horizon, season };
    const validation = h.holdout ? holdoutSeries(series, horizon, season) : [];
    const reference = validation.length > 0 ? snaiveAccuracy(validation, season) : undefined;
    const totalEpochs = h.members * h.epochs;
    const bestEpochs: number[] = [];
    for (let k = 0; k < h.members; k++) {
      const lookback = h.lookbacks[k % h.lookbacks.length]!;
      const memberSeed = subSeed(seed, k);
      const member: Member = { lookback, seed: memberSeed, net: this.buildNet(tf, { lookback, horizon, season, seed: memberSeed }) };
      this.members.push(member);
      const sampler = new WindowSampler(series, { lookback, horizon, season, transform: h.transform }, { historyLimit: h.historyLimit, holdout: h.holdout });
      const random = mulberry32(subSeed(memberSeed, 7919));
      const optimizer = tf.train.adam(h.learningRate);
      let best: { score: number; epoch: number; weights: Float32Array[] } | undefined;
      try {
        for (let epoch = 0; epoch < h.epochs; epoch++) {
          const progress = h.epochs > 1 ? epoch / (h.epochs - 1) : 1;
          (optimizer as unknown as { learningRate: number }).learningRate =
            h.learningRate * (h.lrFloor + (1 - h.lrFloor) * 0.5 * (1 + Math.cos(Math.PI * progress)));
          let lossSum = 0;
          for (let step = 0; step < h.stepsPerEpoch; step++) {
            const batch = sampler.sample(h.batchSize, random);
            const x = tf.tensor2d(batch.x, [batch.rows, lookback]);
            const y = tf.tensor2d(batch.y, [batch.rows, horizon]);
            const cost = optimizer.minimize(() => quantileLoss(tf, member.net.apply(x), y, h.p90Weight), true, member.net.variables);
            lossSum += cost?.dataSync()[0] ?? Number.NaN;
            tf.dispose([x, y, ...(cost === null ? [] : [cost])]);
          }
          if (reference !== undefined) {
            const acc = accuracy(validation, this.predict([member], validation.map((v) => v.history)).p50, season);
            const score = 0.5 * (acc.smape / reference.smape + acc.mase / reference.mase);
            if (best === undefined || score < best.score) {
              best = { score, epoch: epoch + 1, weights: member.net.variables.map((v) => (v.dataSync() as Float32Array).slice()) };
            }
          }
          options.onEpoch?.({ epoch: k * h.epochs + epoch + 1, epochs: totalEpochs, loss: lossSum / h.stepsPerEpoch });
          // Let timers (a workflow heartbeat) run between epochs.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      } finally {
        optimizer.dispose();
      }
      if (best !== undefined) {
        tf.tidy(() => member.net.variables.forEach((v, i) => v.assign(tf.tensor(best.weights[i]!, v.shape))));
        bestEpochs.push(best.epoch);
      }
    }
    const metrics: Record<string, number> = { trainSeconds: (performance.now() - started) / 1000 };
    if (reference !== undefined) {
      const acc = accuracy(validation, this.predict(this.members, validation.map((v) => v.history)).p50, season);
      Object.assign(metrics, {
        holdoutSmape: acc.smape,
        holdoutMase: acc.mase,
        holdoutRelativeToSnaive: 0.5 * (acc.smape / reference.smape + acc.mase / reference.mase),
        holdoutSeries: validation.length,
      });
    }
    const trainedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const points = series.reduce((n, s) => n + s.length, 0);
    this.meta = {
      version: versionOf(this.family, trainedAt, this.weights()),
      model: this.family,
      backend: `${loaded.backend} (${loaded.version})`,
      data: { series: series.length, points },
      metrics,
      trainedAt,
      hyper: { ...(h as object), horizon, season, seed, ...(bestEpochs.length > 0 ? { bestEpochs } : {}) },
    };
    return this.metadata!;
  }

  async forecast(requests: readonly ForecastRequest[]): Promise<LearnedForecast[]> {
    if (this.meta === undefined || this.shape === undefined) throw new Error(`${this.family}: not trained or loaded`);
    await this.tfReady();
    const { horizon, season } = this.shape;
    for (const r of requests) {
      if (r.horizon > horizon) throw new Error(`${this.family}: trained for a horizon of ${horizon}, asked for ${r.horizon}`);
      if (r.season !== season) throw new Error(`${this.family}: trained for season ${season}, asked for ${r.season}`);
    }
    if (requests.length === 0) return [];
    const { p50, p90 } = this.predict(this.members, requests.map((r) => r.values));
    const version = this.meta.version;
    return requests.map((r, i) => {
      const q50 = p50[i]!.slice(0, r.horizon);
      const q90 = p90[i]!.slice(0, r.horizon).map((v, t) => Math.max(v, q50[t]!));
      return { model: this.name, version, point: q50.slice(), p50: q50, p90: q90 };
    });
  }

  /** The ensemble's decoded p50 and p90 for each history (median over members, in the normalised space). */
  private predict(members: readonly Member[], histories: readonly (readonly number[])[]): { p50: number[][]; p90: number[][] } {
    const { tf } = this.loaded!;
    const { horizon, season } = this.shape!;
    const n = histories.length;
    const z50 = members.map(() => new Float32Array(n * horizon));
    const z90 = members.map(() => new Float32Array(n * horizon));
    let levels: Float64Array | undefined;
    let offsets: Float64Array | undefined;
    members.forEach((member, k) => {
      const input = encodeInputs(histories, { lookback: member.lookback, season, transform: this.hyper.transform });
      levels = input.levels;
      offsets = input.offsets;
      for (let from = 0; from < n; from += PREDICT_CHUNK) {
        const rows = Math.min(PREDICT_CHUNK, n - from);
        const [a, b] = tf.tidy(() => {
          const x = tf.tensor2d(input.x.subarray(from * member.lookback, (from + rows) * member.lookback), [rows, member.lookback]);
          const q = splitQuantiles(tf, member.net.apply(x));
          return [q.p50.dataSync() as Float32Array, q.p90.dataSync() as Float32Array];
        });
        z50[k]!.set(a, from * horizon);
        z90[k]!.set(b, from * horizon);
      }
    });
    const p50: number[][] = [];
    const p90: number[][] = [];
    const column = new Float64Array(members.length);
    const med = (zs: Float32Array[], at: number): number => {
      zs.forEach((z, k) => (column[k] = z[at]!));
      return median(column);
    };
    for (let i = 0; i < n; i++) {
      const a: number[] = [];
      const b: number[] = [];
      for (let t = 0; t < horizon; t++) {
        a.push(decode(med(z50, i * horizon + t), levels![i]!, offsets![i]!, this.hyper.transform));
        b.push(decode(med(z90, i * horizon + t), levels![i]!, offsets![i]!, this.hyper.transform));
      }
      p50.push(a);
      p90.push(b);
    }
    return { p50, p90 };
  }

  /** Every member's variables, concatenated in order. */
  private weights(): Float32Array {
    const parts = this.members.flatMap((m) => m.net.variables.map((v) => v.dataSync() as Float32Array));
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  async save(dir: string): Promise<void> {
    if (this.meta === undefined || this.shape === undefined) throw new Error(`${this.family}: nothing to save, not trained`);
    const manifest: Manifest = {
      format: 'swaybot-learned-forecaster/1',
      family: this.family,
      horizon: this.shape.horizon,
      season: this.shape.season,
      hyper: { ...(this.hyper as object) },
      members: this.members.map((m) => ({ lookback: m.lookback, seed: m.seed, shapes: m.net.variables.map((v) => [...v.shape]) })),
    };
    await writeArtifact(dir, manifest, this.weights(), this.meta);
  }

  /** Restores a saved model into this (freshly constructed, same hyper-parameters) instance. */
  protected async restore(dir: string): Promise<this> {
    const { manifest, weights, metadata } = await readArtifact(dir, this.family);
    const { tf } = await this.tfReady();
    this.dispose();
    this.shape = { horizon: manifest.horizon, season: manifest.season };
    let at = 0;
    for (const m of manifest.members) {
      const net = this.buildNet(tf, { lookback: m.lookback, horizon: manifest.horizon, season: manifest.season, seed: m.seed });
      net.variables.forEach((v, i) => {
        const shape = m.shapes[i];
        if (shape === undefined || shape.join('x') !== v.shape.join('x')) throw new Error(`${dir}: variable ${i} has shape ${String(shape)}, the network ${v.shape.join('x')}`);
        const size = v.size;
        tf.tidy(() => v.assign(tf.tensor(weights.subarray(at, at + size), v.shape)));
        at += size;
      });
      this.members.push({ lookback: m.lookback, seed: m.seed, net });
    }
    this.meta = metadata;
    return this;
  }

  /** Frees the networks' tensors. */
  dispose(): void {
    for (const m of this.members) for (const v of m.net.variables) v.dispose();
    this.members = [];
  }
}

function median(xs: Float64Array): number {
  if (xs.length === 1) return xs[0]!;
  const s = Float64Array.from(xs).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : 0.5 * (s[mid - 1]! + s[mid]!);
}

function accuracy(windows: readonly { history: number[]; actual: number[] }[], forecasts: readonly number[][], season: number): { smape: number; mase: number } {
  let s = 0;
  let m = 0;
  windows.forEach((w, i) => {
    const f = forecasts[i]!.slice(0, w.actual.length);
    s += smape(w.actual, f);
    m += maseScale(w.history, season) > 0 ? mase(w.history, w.actual, f, season) : 0;
  });
  return { smape: s / windows.length, mase: m / windows.length };
}

function snaiveAccuracy(windows: readonly { history: number[]; actual: number[] }[], season: number): { smape: number; mase: number } {
  const forecasts = windows.map((w) => w.actual.map((_, t) => w.history[w.history.length - season + (t % season)]!));
  return accuracy(windows, forecasts, season);
}
