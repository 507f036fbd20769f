/**
 * A learned point detector: a small MLP forecaster, trained with TensorFlow.js on the series' own
 * past only, whose forecast error becomes a surprise in [0, 1].
 *
 * - After `warmup` points it fits an MLP (`lags` normalised past values → `hidden` tanh units →
 *   the next value) on the sliding windows of the last `trainSpan` points; every `refitEvery`
 *   points it refits on the most recent past, warm-started from the current weights. A fit runs
 *   synchronously at that point (full-batch Adam through `optimizer.minimize`, every tensor
 *   disposed) and only affects later points: no look-ahead.
 * - Per point it runs the forward pass in plain JS from the trained weights (Float32Arrays), about
 *   a microsecond; TF.js only trains.
 * - The absolute forecast error (in units of the training window's standard deviation) goes through
 *   the anomaly likelihood of ml/detect (the mean of the last few errors against the long-run
 *   errors, a Gaussian tail), then, unless `gate: false`, through ml/detect's sparse output gate.
 * - Weights start from `glorotUniform({ seed })`, so scores are deterministic for a fixed series
 *   on a given backend. `artifact()` says which backend trained the model.
 */
import type { Scalar } from '@tensorflow/tfjs';
import { DEFAULT_GATE, Gate, type GateConfig } from '../detect/gate.js';
import { Likelihood, type LikelihoodConfig } from '../detect/surprise.js';
import { clamp01, type PointDetector } from '../detect/types.js';
import { currentTf, type LoadedTf } from './backend.js';

export interface LearnedConfig {
  /** Past values the forecaster sees. */
  lags: number;
  /** Hidden tanh units. */
  hidden: number;
  /** Points before the first fit (scores are 0 until then). */
  warmup: number;
  /** Points between refits. */
  refitEvery: number;
  /** The fit uses the windows of at most this many most recent points. */
  trainSpan: number;
  /** Adam steps of the first fit, and of each warm-started refit. */
  epochs: number;
  refitEpochs: number;
  learningRate: number;
  seed: number;
  /** The raw surprise from the absolute forecast error e: e itself, or log(1 + e) (tames heavy tails). */
  error: 'abs' | 'log';
  likelihood: LikelihoodConfig;
  /** The output gate of ml/detect, or false for the raw surprise. */
  gate: GateConfig | false;
}

export const DEFAULT_LEARNED: LearnedConfig = {
  lags: 16,
  hidden: 16,
  warmup: 400,
  refitEvery: 1000,
  trainSpan: 1200,
  epochs: 120,
  refitEpochs: 20,
  learningRate: 0.02,
  seed: 7,
  error: 'abs',
  likelihood: { short: 3, long: 700, minStd: 0.05 },
  gate: DEFAULT_GATE,
};

/** What a fit produced, and where. */
export interface LearnedArtifact {
  family: 'mlp-forecaster';
  backend: LoadedTf['backend'];
  version: string;
  lags: number;
  hidden: number;
  fits: number;
  /** Point index (0-based) the last fit ran after. */
  fittedAt: number;
  /** Final training loss (MSE, normalised units) of the last fit. */
  loss: number;
  trainMs: number;
}

export interface LearnedOptions extends Partial<Omit<LearnedConfig, 'likelihood' | 'gate'>> {
  likelihood?: Partial<LikelihoodConfig>;
  gate?: Partial<GateConfig> | false;
  /** The loaded TF.js to train with; `loadTf()`'s, when absent. */
  tf?: LoadedTf;
}

export function learnedConfig(options: LearnedOptions = {}): LearnedConfig {
  const { tf: _tf, likelihood, gate, ...rest } = options;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) as Partial<LearnedConfig>;
  return {
    ...DEFAULT_LEARNED,
    ...defined,
    likelihood: { ...DEFAULT_LEARNED.likelihood, ...likelihood },
    gate: gate === false ? false : { ...DEFAULT_GATE, ...gate },
  };
}

export class LearnedDetector implements PointDetector {
  readonly config: LearnedConfig;
  private readonly loaded: LoadedTf;
  /** The last `trainSpan` values, as a ring. */
  private readonly ring: Float64Array;
  private t = 0;
  private readonly likelihood: Likelihood;
  private readonly gate: Gate | undefined;
  // Model (undefined until the first fit), biases folded in as the last row:
  // w1 [(lags + 1) × hidden], w2 [hidden + 1].
  private w1: Float32Array | undefined;
  private w2: Float32Array | undefined;
  private mean = 0;
  private std = 1;
  private readonly input: Float64Array;
  private readonly h: Float64Array;
  private meta: LearnedArtifact | undefined;

  constructor(options: LearnedOptions = {}) {
    this.config = learnedConfig(options);
    const loaded = options.tf ?? currentTf();
    if (loaded === undefined) throw new Error('LearnedDetector needs TensorFlow.js: await loadTf() first, or pass { tf }');
    this.loaded = loaded;
    const c = this.config;
    if (c.trainSpan < c.lags + 2 || c.warmup < c.lags + 2) throw new Error('trainSpan and warmup must exceed lags + 1');
    this.ring = new Float64Array(c.trainSpan);
    this.likelihood = new Likelihood(c.likelihood);
    this.gate = c.gate === false ? undefined : new Gate(c.gate);
    this.input = new Float64Array(c.lags);
    this.h = new Float64Array(c.hidden);
  }

  /** The model's metadata (which backend trained it), once it has been fitted. */
  artifact(): LearnedArtifact | undefined {
    return this.meta === undefined ? undefined : { ...this.meta };
  }

  score(_timestamp: number, value: number): number {
    const c = this.config;
    let out = 0;
    if (this.w1 !== undefined && Number.isFinite(value)) {
      const err = Math.abs(this.forecast() - (value - this.mean) / this.std);
      const s = this.likelihood.next(this.config.error === 'log' ? Math.log1p(err) : Math.min(err, 50));
      out = this.gate === undefined ? s : this.gate.next(s);
    } else if (this.gate !== undefined) {
      this.gate.next(0);
    }
    const x = Number.isFinite(value) ? value : this.t > 0 ? this.at(this.t - 1) : 0;
    this.ring[this.t % c.trainSpan] = x;
    this.t++;
    if (this.t === c.warmup || (this.t > c.warmup && (this.t - c.warmup) % c.refitEvery === 0)) this.fit();
    return clamp01(out);
  }

  /** Value at absolute index i (must be within the last trainSpan points). */
  private at(i: number): number {
    return this.ring[i % this.config.trainSpan]!;
  }

  /** Forecast of the next value (normalised) from the last `lags` values, in plain JS. */
  private forecast(): number {
    const { lags, hidden } = this.config;
    const w1 = this.w1!, w2 = this.w2!;
    for (let k = 0; k < lags; k++) {
      const z = (this.at(this.t - lags + k) - this.mean) / this.std;
      this.input[k] = z > 10 ? 10 : z < -10 ? -10 : z;
    }
    let y = w2[hidden]!;
    for (let j = 0; j < hidden; j++) {
      let a = w1[lags * hidden + j]!;
      for (let k = 0; k < lags; k++) a += this.input[k]! * w1[k * hidden + j]!;
      y += Math.tanh(a) * w2[j]!;
    }
    return y;
  }

  /** Fits (or refits, warm-started) on the windows of the most recent past. */
  private fit(): void {
    const c = this.config;
    const { tf } = this.loaded;
    const start = performance.now();
    const span = Math.min(this.t, c.trainSpan);
    const first = this.t - span;
    let sum = 0;
    for (let i = first; i < this.t; i++) sum += this.at(i);
    const mean = sum / span;
    let sq = 0;
    for (let i = first; i < this.t; i++) sq += (this.at(i) - mean) ** 2;
    const std = Math.sqrt(sq / span) || Math.abs(mean) * 1e-3 || 1;
    const n = span - c.lags;
    const width = c.lags + 1;
    // Inputs with a constant 1 column, so that each layer's bias is the last row of its weights:
    // two variables instead of four halves the optimiser's ops per step, which dominate here.
    const xs = new Float32Array(n * width);
    const ys = new Float32Array(n);
    const norm = (v: number): number => {
      const z = (v - mean) / std;
      return z > 10 ? 10 : z < -10 ? -10 : z;
    };
    for (let s = 0; s < n; s++) {
      for (let k = 0; k < c.lags; k++) xs[s * width + k] = norm(this.at(first + s + k));
      xs[s * width + c.lags] = 1;
      ys[s] = norm(this.at(first + s + c.lags));
    }
    const init = (rows: number, cols: number, seed: number): Float32Array => {
      const w = tf.tidy(() => tf.initializers.glorotUniform({ seed }).apply([rows, cols]).dataSync() as Float32Array);
      const out = new Float32Array((rows + 1) * cols);
      out.set(w);
      return out;
    };
    const w1Init = this.w1 ?? init(c.lags, c.hidden, c.seed);
    const w2Init = this.w2 ?? init(c.hidden, 1, c.seed + 1);
    const steps = this.w1 === undefined ? c.epochs : c.refitEpochs;
    // A variable made from a tensor keeps that tensor alive too: make both inside tidy, keep the variable.
    const w1v = tf.tidy(() => tf.variable(tf.tensor2d(w1Init, [width, c.hidden])));
    const w2v = tf.tidy(() => tf.variable(tf.tensor2d(w2Init, [c.hidden + 1, 1])));
    const X = tf.tensor2d(xs, [n, width]);
    const Y = tf.tensor2d(ys, [n, 1]);
    const ones = tf.ones([n, 1]);
    const optimizer = tf.train.adam(c.learningRate);
    let loss = Number.NaN;
    try {
      for (let step = 0; step < steps; step++) {
        const last = step === steps - 1;
        const cost = optimizer.minimize(
          () => tf.mean(tf.squaredDifference(tf.matMul(tf.concat([tf.tanh(tf.matMul(X, w1v)), ones], 1), w2v), Y)) as Scalar,
          last,
          [w1v, w2v],
        );
        if (cost !== null) {
          loss = cost.dataSync()[0]!;
          cost.dispose();
        }
      }
      this.w1 = (w1v.dataSync() as Float32Array).slice();
      this.w2 = (w2v.dataSync() as Float32Array).slice();
    } finally {
      optimizer.dispose();
      tf.dispose([w1v, w2v, X, Y, ones]);
    }
    this.mean = mean;
    this.std = std;
    this.meta = {
      family: 'mlp-forecaster',
      backend: this.loaded.backend,
      version: this.loaded.version,
      lags: c.lags,
      hidden: c.hidden,
      fits: (this.meta?.fits ?? 0) + 1,
      fittedAt: this.t - 1,
      loss,
      trainMs: (this.meta?.trainMs ?? 0) + performance.now() - start,
    };
  }
}
