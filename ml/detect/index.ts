/**
 * The default streaming detector ("swaybot"): four surprises merged by a probabilistic or,
 * 1 − Π(1 − sᵢ), then made sparse by the gate:
 *  - pattern novelty (the last 8 points against a prototype memory) through the anomaly likelihood;
 *  - the same on slower time scales (patterns of 6-point and of 24-point means), the largest of
 *    the three novelties counting;
 *  - extreme surprise: a value beyond everything in the last 5,000 points;
 *  - seasonal surprise: a record residual against the daily profile, for daily-periodic series.
 * The novelty parts habituate: each detection they cause lowers their later scores (the count
 * decays), so a series that keeps surprising them is believed less. `withDefaults` fills a
 * partial configuration, for benchmarks trying variants; the defaults are the tuned ones (NOTES.md).
 */
import { DEFAULT_EXTREME, ExtremeSurprise, type ExtremeConfig } from './extreme.js';
import { DEFAULT_GATE, Gate, type GateConfig } from './gate.js';
import { DEFAULT_PATTERN, PatternNovelty, type PatternConfig } from './pattern.js';
import { DEFAULT_SEASONAL, SeasonalSurprise, type SeasonalConfig } from './seasonal.js';
import { DEFAULT_LIKELIHOOD, Likelihood, type LikelihoodConfig } from './surprise.js';
import { clamp01, type DetectorFactory, type PointDetector } from './types.js';

export * from './types.js';

/** A pattern memory, the likelihood its novelty goes through, and its weight (0: off). */
export interface NoveltyConfig {
  pattern: PatternConfig;
  likelihood: LikelihoodConfig;
  weight: number;
}

export interface DetectorConfig {
  novelty: NoveltyConfig;
  slowNovelty: NoveltyConfig;
  /** More pattern memories merged with the two above (by the largest). */
  extraNovelty: NoveltyConfig[];
  extreme: ExtremeConfig & { weight: number };
  seasonal: SeasonalConfig & { weight: number };
  /** Each detection the novelty caused divides its later scores by (1 + habituation × decayed count). */
  habituation: number;
  /** Per-point decay of that count. */
  habituationDecay: number;
  gate: GateConfig;
}

export const DEFAULT_CONFIG: DetectorConfig = {
  novelty: {
    pattern: { ...DEFAULT_PATTERN, scale: 'quantile', quantile: 0.001, rankWindow: 2000, capacity: 800 },
    likelihood: { ...DEFAULT_LIKELIHOOD, short: 2 },
    weight: 0.6,
  },
  slowNovelty: { pattern: { ...DEFAULT_PATTERN, vigilance: 0.07, aggregate: 6 }, likelihood: { ...DEFAULT_LIKELIHOOD, short: 2 }, weight: 0.8 },
  extraNovelty: [{ pattern: { ...DEFAULT_PATTERN, vigilance: 0.07, aggregate: 24 }, likelihood: DEFAULT_LIKELIHOOD, weight: 0.7 }],
  extreme: { ...DEFAULT_EXTREME, weight: 1 },
  seasonal: { ...DEFAULT_SEASONAL, window: 2000, weight: 1 },
  habituation: 1.5,
  habituationDecay: 0.9995,
  gate: { ...DEFAULT_GATE, rest: 70, restFraction: 0.02, breakMargin: 0.15 },
};

/**
 * Novelty of one pattern memory as a likelihood score, weighted. A memory of long averages sees
 * its first whole pattern only after `window × aggregate` points, and every pattern is new then:
 * it stays silent (its raw scores still feed the likelihood) until it has seen two patterns' worth
 * (384 points for 8 means of 24), so a young series is not flagged for being young.
 */
function novelty(config: NoveltyConfig): (value: number) => number {
  if (config.weight === 0) return () => 0;
  const memory = new PatternNovelty(config.pattern);
  const likelihood = new Likelihood(config.likelihood);
  const warmUp = 2 * config.pattern.window * config.pattern.aggregate;
  let seen = 0;
  return (value) => {
    const score = config.weight * likelihood.next(memory.raw(value));
    return ++seen > warmUp ? score : 0;
  };
}

/** A fresh detector for one series. */
export function createDetector(config: DetectorConfig = DEFAULT_CONFIG): PointDetector {
  const fast = novelty(config.novelty);
  const slow = novelty(config.slowNovelty);
  const extra = config.extraNovelty.map(novelty);
  const extreme = new ExtremeSurprise(config.extreme);
  const seasonal = new SeasonalSurprise(config.seasonal);
  const gate = new Gate(config.gate);
  let habit = 0;
  return {
    score(timestamp, value) {
      habit *= config.habituationDecay;
      let n = Math.max(fast(value), slow(value));
      for (const e of extra) n = Math.max(n, e(value));
      const a = n / (1 + config.habituation * habit);
      const b = config.extreme.weight * extreme.next(value);
      const c = config.seasonal.weight * seasonal.next(timestamp, value);
      const out = gate.next(1 - (1 - a) * (1 - b) * (1 - c));
      if (out > 0 && a >= b && a >= c) habit++;
      return clamp01(out);
    },
  };
}

/** Part of a configuration: any field of any part may be left out. */
export type PartialConfig = { [K in keyof DetectorConfig]?: DetectorConfig[K] extends readonly unknown[] ? DeepPartial<NoveltyConfig>[] : DetectorConfig[K] extends object ? DeepPartial<DetectorConfig[K]> : DetectorConfig[K] };
type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** The configuration `partial` names, the defaults elsewhere. */
export function withDefaults(partial: PartialConfig = {}): DetectorConfig {
  const d = DEFAULT_CONFIG;
  const nov = (base: NoveltyConfig, p: DeepPartial<NoveltyConfig> | undefined): NoveltyConfig => ({
    pattern: { ...base.pattern, ...p?.pattern },
    likelihood: { ...base.likelihood, ...p?.likelihood },
    weight: p?.weight ?? base.weight,
  });
  return {
    novelty: nov(d.novelty, partial.novelty),
    slowNovelty: nov(d.slowNovelty, partial.slowNovelty),
    extraNovelty: partial.extraNovelty?.map((p, i) => nov(d.extraNovelty[i] ?? d.slowNovelty, p)) ?? d.extraNovelty.map((e) => nov(e, undefined)),
    extreme: { ...d.extreme, ...partial.extreme },
    seasonal: { ...d.seasonal, ...partial.seasonal },
    habituation: partial.habituation ?? d.habituation,
    habituationDecay: partial.habituationDecay ?? d.habituationDecay,
    gate: { ...d.gate, ...partial.gate },
  };
}

/** A factory of detectors with `config`. */
export function detectorFactory(config: DetectorConfig = DEFAULT_CONFIG): DetectorFactory {
  return () => createDetector(config);
}
