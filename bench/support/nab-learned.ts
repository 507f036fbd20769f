/**
 * The NAB v1.1 score of the learned detector (ml/learned), scored in memory by our scorer
 * (ml/nab) over the full corpus, next to the statistical detector (ml/detect) and their
 * combination at the score level:
 *
 *   (a) stat      createDetector() alone (its own gate)
 *   (b) learned   new LearnedDetector() alone (ml/detect's likelihood + gate on its forecast error)
 *   (c) combined  combine([createDetector(), new LearnedDetector(opts)], maxCombiner): each part
 *                 gated on its own, the larger score reported
 *   (d) stat-gated, learned-ranked: the stat detector's detections only, each scored by
 *                 (1 − mix) × its score + mix × the learned (ungated) surprise at that point
 *   (e) stat first, learned below: the stat detector's detections as they are, and where it is
 *                 silent the learned detections × 0.29 (below every stat detection)
 *
 *   node --import tsx bench/support/nab-learned.ts [--backend tensorflow|wasm|cpu] [--only a,b,c,d,e]
 *     [--fire 0.3] [--mix 0.5] [--learned '{"error":"log"}'] [--data DIR] [--labels FILE]
 *
 * `--fire` is the learned part's gate threshold (in (b) and (c)). µs/point is detector time only.
 */
import { cpus } from 'node:os';
import { createDetector, combine, maxCombiner, type DetectorFactory } from '../../ml/detect/index.js';
import { loadCorpus, nabPaths, runCorpus } from '../../ml/detect/run-corpus.js';
import { defaultNabDir } from '../../ml/nab/corpus.js';
import { scoreCorpus } from '../../ml/nab/score.js';
import { loadTf, type BackendName } from '../../ml/learned/backend.js';
import { LearnedDetector, type LearnedOptions } from '../../ml/learned/detector.js';

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const mix = Number(option('mix') ?? 0.5);
/** Stat's detections only, each scored by (1 − mix) × its score + mix × the learned surprise. */
function statGatedLearnedRanked(scores: readonly number[]): number {
  const [stat = 0, learned = 0] = scores;
  return stat > 0 ? (1 - mix) * stat + mix * learned : 0;
}

/**
 * The stat detector's detections as they are; where it is silent, the learned detector's
 * detections scaled below every stat detection (the stat gate fires at ≥ 0.3), so the corpus
 * threshold decides whether they add anything, and a threshold ≥ 0.3 gives back stat alone.
 */
const BELOW = 0.29;
function statFirstLearnedBelow(scores: readonly number[]): number {
  const [stat = 0, learned = 0] = scores;
  return stat > 0 ? stat : BELOW * learned;
}

const nab = nabPaths(defaultNabDir());
const dataDir = option('data') ?? nab.dataDir;
const labelsPath = option('labels') ?? nab.labelsPath;
const only = new Set((option('only') ?? 'a,b,c,d,e').split(','));
const fire = option('fire');
const backend = option('backend') as BackendName | undefined;

const loaded = await loadTf(backend);
// Extra learned options as JSON (experiments), e.g. --learned '{"error":"log"}'.
const extra = JSON.parse(option('learned') ?? '{}') as LearnedOptions;
const learnedOptions: LearnedOptions = { ...extra, tf: loaded, ...(fire === undefined ? {} : { gate: { ...(extra.gate === false ? {} : extra.gate), fire: Number(fire) } }) };
const series = loadCorpus(dataDir);
const variants: [key: string, name: string, factory: DetectorFactory][] = [
  ['a', 'stat: createDetector()', () => createDetector()],
  ['b', `learned: new LearnedDetector(${fire === undefined && option('learned') === undefined ? '' : JSON.stringify({ ...learnedOptions, tf: undefined })})`, () => new LearnedDetector(learnedOptions)],
  ['c', 'combined: combine([createDetector(), learned], maxCombiner)', () => combine([createDetector(), new LearnedDetector(learnedOptions)], maxCombiner)],
  [
    'd',
    `stat-gated, learned-ranked: combine([createDetector(), learned ungated], ([s, l]) => s > 0 ? ${1 - mix} * s + ${mix} * l : 0)`,
    () => combine([createDetector(), new LearnedDetector({ ...learnedOptions, gate: false })], statGatedLearnedRanked),
  ],
  [
    'e',
    `stat first, learned below: combine([createDetector(), learned], ([s, l]) => s > 0 ? s : ${BELOW} * l)`,
    () => combine([createDetector(), new LearnedDetector(learnedOptions)], statFirstLearnedBelow),
  ],
];

console.log(`NAB v1.1 with the learned detector — ${series.length} series, ${cpus().length} cores, Node ${process.version}, TF.js backend ${loaded.backend} (${loaded.version})`);
console.log('| detector | standard | reward_low_FP | reward_low_FN | µs/point | points |');
console.log('|---|---|---|---|---|---|');
for (const [key, name, factory] of variants) {
  if (!only.has(key)) continue;
  const run = runCorpus({ dataDir, labelsPath, detector: key, factory, series });
  const result = scoreCorpus(run.scored);
  console.log(`| (${key}) ${name} | ${result.map((r) => r.score.toFixed(1)).join(' | ')} | ${run.microsPerPoint.toFixed(2)} | ${run.points} |`);
  console.error(`  (${key}) thresholds: ${result.map((r) => `${r.profile} ${r.threshold.toFixed(4)} (TP ${r.tp}, FP ${r.fp}, FN ${r.fn})`).join('; ')}`);
}
