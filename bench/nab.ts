/**
 * bench:nab — the NAB v1.1 score of our streaming detector (ml/detect), scored by our scorer
 * (ml/nab). Streams every series of the data folder through a fresh detector, writes NAB's
 * results layout under `--out`, reads those files back and scores them; the anchor is the
 * published windowed-Gaussian results, rescored in the same run (their published scores are
 * 39.6 / 20.9 / 47.4). µs/point is the detector alone, reading and writing excluded.
 *
 *   node --import tsx bench/nab.ts [--data DIR] [--labels FILE] [--reference DIR] [--out DIR]
 *
 * Defaults: the NAB folder `$SWAYBOT_SHARED_DATA/nab`, else `../shared/data/nab` beside the
 * checkout; results under bench/out/nab.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { defaultNabDir, readWindows, scoreResults } from '../ml/nab/corpus.js';
import type { ProfileResult } from '../ml/nab/score.js';
import { detectorFactory } from '../ml/detect/index.js';
import { nabPaths, runCorpus } from '../ml/detect/run-corpus.js';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  const value = at > 0 ? process.argv[at + 1] : undefined;
  return value ?? fallback;
}

const nab = nabPaths(defaultNabDir());
const dataDir = option('data', nab.dataDir);
const labelsPath = option('labels', nab.labelsPath);
const referenceDir = option('reference', nab.referenceDir);
const outDir = option('out', join(import.meta.dirname, 'out', 'nab'));
const detector = 'swaybot';

const run = runCorpus({ dataDir, labelsPath, detector, factory: detectorFactory(), outDir });
const windows = readWindows(labelsPath);
const ours = scoreResults(outDir, detector, windows);
const anchor = scoreResults(referenceDir, 'windowedGaussian', windows);

const fmt = (r: ProfileResult[]): string[] => r.map((x) => x.score.toFixed(1));
const ratio = ours.map((x, i) => (x.score / anchor[i]!.score).toFixed(2));
console.log(`bench:nab — NAB v1.1, ${run.scored.length} series, ${cpus().length} cores, Node ${process.version}; results in ${outDir}`);
console.log('| detector | standard | reward_low_FP | reward_low_FN | µs/point | points |');
console.log('|---|---|---|---|---|---|');
console.log(`| ${detector} | ${fmt(ours).join(' | ')} | ${run.microsPerPoint.toFixed(2)} | ${run.points} |`);
console.log(`| windowedGaussian (anchor, published results rescored) | ${fmt(anchor).join(' | ')} | – | ${run.points} |`);
console.log(`| ratio ${detector} / anchor | ${ratio.join(' | ')} | | |`);
console.log(`thresholds: ${ours.map((x) => `${x.profile} ${x.threshold.toFixed(4)} (TP ${x.tp}, FP ${x.fp}, FN ${x.fn})`).join('; ')}`);
