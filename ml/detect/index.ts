/**
 * The default streaming detector and its configuration: pattern novelty (through the anomaly
 * likelihood) and value surprise, merged by the largest, made sparse by the gate. `detectorFactory`
 * takes a partial configuration so benchmarks can try variants; the defaults are the tuned ones.
 */
import { DEFAULT_EXTREME, ExtremeSurprise, type ExtremeConfig } from './extreme.js';
import { DEFAULT_GATE, Gate, type GateConfig } from './gate.js';
import { DEFAULT_PATTERN, PatternNovelty, type PatternConfig } from './pattern.js';
import { DEFAULT_RECORDS, RecordSurprise, type RecordsConfig } from './records.js';
import { DEFAULT_SEASONAL, SeasonalSurprise, type SeasonalConfig } from './seasonal.js';
import { DEFAULT_SEQUENCE, SequenceNovelty, type SequenceConfig } from './sequence.js';
import { DEFAULT_LIKELIHOOD, Likelihood, type LikelihoodConfig } from './surprise.js';
import { clamp01, type DetectorFactory, type PointDetector } from './types.js';
import { DEFAULT_VALUE, ValueSurprise, type ValueConfig } from './value.js';

export * from './types.js';

export interface DetectorConfig {
  pattern: PatternConfig;
  sequence: SequenceConfig;
  /** A second pattern memory with its own likelihood (e.g. over ranks), weight 0: off. */
  pattern2: PatternConfig;
  likelihood2: LikelihoodConfig;
  novelty2Weight: number;
  /** Which novelty feeds the likelihood: the pattern memory, the sequence memory, or their mean. */
  novelty: 'pattern' | 'sequence' | 'both';
  /** Weight of the novelty likelihood (0: off). */
  noveltyWeight: number;
  /** Pass the novelty through the likelihood (true) or use it as it is. */
  useLikelihood: boolean;
  likelihood: LikelihoodConfig;
  value: ValueConfig;
  /** Weight of the value surprise (0: off). */
  valueWeight: number;
  extreme: ExtremeConfig;
  /** Weight of the extreme surprise (0: off). */
  extremeWeight: number;
  seasonal: SeasonalConfig;
  /** Weight of the seasonal surprise (0: off). */
  seasonalWeight: number;
  records: RecordsConfig;
  /** Weight of the record surprises (0: off). */
  recordsWeight: number;
  gate: GateConfig;
  /** How component surprises merge: the largest, or the probabilistic or 1 − Π(1 − s). */
  merge: 'max' | 'or';
  /** Each detection the novelty caused divides its later scores by (1 + habituation × decayed count). */
  habituation: number;
  /** Per-point decay of that count. */
  habituationDecay: number;
}

export const DEFAULT_CONFIG: DetectorConfig = {
  pattern: DEFAULT_PATTERN,
  sequence: DEFAULT_SEQUENCE,
  pattern2: { ...DEFAULT_PATTERN, transform: 'rank', vigilance: 0.15 },
  likelihood2: DEFAULT_LIKELIHOOD,
  novelty2Weight: 0,
  novelty: 'pattern',
  noveltyWeight: 1,
  useLikelihood: true,
  likelihood: DEFAULT_LIKELIHOOD,
  value: DEFAULT_VALUE,
  valueWeight: 1,
  extreme: DEFAULT_EXTREME,
  extremeWeight: 0,
  seasonal: DEFAULT_SEASONAL,
  seasonalWeight: 0,
  records: DEFAULT_RECORDS,
  recordsWeight: 0,
  gate: DEFAULT_GATE,
  merge: 'max',
  habituation: 0,
  habituationDecay: 0.9995,
};

/** A fresh detector for one series. */
export function createDetector(config: DetectorConfig = DEFAULT_CONFIG): PointDetector {
  const pattern = new PatternNovelty(config.pattern);
  const sequence = new SequenceNovelty(config.sequence);
  const pattern2 = new PatternNovelty(config.pattern2);
  const likelihood2 = new Likelihood(config.likelihood2);
  const likelihood = new Likelihood(config.likelihood);
  const value = new ValueSurprise(config.value);
  const extreme = new ExtremeSurprise(config.extreme);
  const seasonal = new SeasonalSurprise(config.seasonal);
  const records = new RecordSurprise(config.records);
  const gate = new Gate(config.gate);
  let fired = 0;
  return {
    score(timestamp, v) {
      fired *= config.habituationDecay;
      const p = config.novelty === 'sequence' ? 0 : pattern.raw(v);
      const q = config.novelty === 'pattern' ? 0 : sequence.raw(v);
      const raw = config.novelty === 'both' ? (p + q) / 2 : p + q;
      const a1 = config.noveltyWeight * (config.useLikelihood ? likelihood.next(raw) : raw);
      const a2 = config.novelty2Weight === 0 ? 0 : config.novelty2Weight * likelihood2.next(pattern2.raw(v));
      const a = Math.max(a1, a2) / (1 + config.habituation * fired);
      const b = config.valueWeight * value.next(v);
      const c = config.extremeWeight * extreme.next(v);
      const d = config.seasonalWeight * seasonal.next(timestamp, v);
      const e = config.recordsWeight === 0 ? 0 : config.recordsWeight * records.next(v, raw);
      const merged = config.merge === 'max' ? Math.max(a, b, c, d, e) : 1 - (1 - a) * (1 - b) * (1 - c) * (1 - d) * (1 - e);
      const out = gate.next(merged);
      if (out > 0 && a >= Math.max(b, c, d, e)) fired++;
      return clamp01(out);
    },
  };
}

/** The configuration `partial` names, defaults elsewhere. */
export function withDefaults(partial: { [K in keyof DetectorConfig]?: Partial<DetectorConfig[K]> | undefined } = {}): DetectorConfig {
  return {
    pattern: { ...DEFAULT_PATTERN, ...partial.pattern },
    sequence: { ...DEFAULT_SEQUENCE, ...partial.sequence },
    pattern2: { ...DEFAULT_CONFIG.pattern2, ...partial.pattern2 },
    likelihood2: { ...DEFAULT_LIKELIHOOD, ...partial.likelihood2 },
    novelty2Weight: typeof partial.novelty2Weight === 'number' ? partial.novelty2Weight : DEFAULT_CONFIG.novelty2Weight,
    novelty: (partial.novelty as DetectorConfig['novelty'] | undefined) ?? DEFAULT_CONFIG.novelty,
    noveltyWeight: typeof partial.noveltyWeight === 'number' ? partial.noveltyWeight : DEFAULT_CONFIG.noveltyWeight,
    useLikelihood: (partial.useLikelihood as boolean | undefined) ?? DEFAULT_CONFIG.useLikelihood,
    likelihood: { ...DEFAULT_LIKELIHOOD, ...partial.likelihood },
    value: { ...DEFAULT_VALUE, ...partial.value },
    valueWeight: typeof partial.valueWeight === 'number' ? partial.valueWeight : DEFAULT_CONFIG.valueWeight,
    extreme: { ...DEFAULT_EXTREME, ...partial.extreme },
    extremeWeight: typeof partial.extremeWeight === 'number' ? partial.extremeWeight : DEFAULT_CONFIG.extremeWeight,
    seasonal: { ...DEFAULT_SEASONAL, ...partial.seasonal },
    seasonalWeight: typeof partial.seasonalWeight === 'number' ? partial.seasonalWeight : DEFAULT_CONFIG.seasonalWeight,
    records: { ...DEFAULT_RECORDS, ...partial.records },
    recordsWeight: typeof partial.recordsWeight === 'number' ? partial.recordsWeight : DEFAULT_CONFIG.recordsWeight,
    gate: { ...DEFAULT_GATE, ...partial.gate },
    merge: (partial.merge as DetectorConfig['merge'] | undefined) ?? DEFAULT_CONFIG.merge,
    habituation: typeof partial.habituation === 'number' ? partial.habituation : DEFAULT_CONFIG.habituation,
    habituationDecay: typeof partial.habituationDecay === 'number' ? partial.habituationDecay : DEFAULT_CONFIG.habituationDecay,
  };
}

/** A factory of detectors with `config`. */
export function detectorFactory(config: DetectorConfig = DEFAULT_CONFIG): DetectorFactory {
  return () => createDetector(config);
}
