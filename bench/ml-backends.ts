/**
 * bench:ml-backends — which TensorFlow.js backend should train the learned detector
 * (ml/learned/detector.ts, a small MLP forecaster)? For each of tensorflow (tfjs-node), wasm and
 * cpu, in its own child process, interleaved over rounds (the order rotates each round), median
 * (min) of:
 *
 *   - first fit: the detector's fit after its warm-up (`epochs` Adam steps, full batch);
 *   - refit: a warm-started refit (`refitEpochs` steps), mean over the series;
 *   - detector µs/point: the whole detector over a 6,000-point synthetic series (fits included);
 *   - JS inference µs/point: the same, less the fits (the plain-JS forward pass + likelihood + gate);
 *   - tf predict: the same MLP's forward pass through TF.js ops on 1,000 windows (for reference;
 *     the detector does not use it);
 *   - peak RSS of the child.
 *
 * The backend with the lowest detector µs/point is the one the detector should use by default
 * (within 10 % counts as a tie); the bench says whether `DEFAULT_BACKEND` in
 * ml/learned/backend.ts agrees.
 *
 *   node --import tsx bench/ml-backends.ts [--rounds 3] [--points 6000]
 */
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BACKEND_ORDER, DEFAULT_BACKEND, DEFAULT_BACKEND_REASON, loadTf, type BackendName } from '../ml/learned/backend.js';
import { DEFAULT_LEARNED, LearnedDetector } from '../ml/learned/detector.js';

const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

interface Sample {
  backend: BackendName;
  version: string;
  firstFitMs: number;
  refitMs: number;
  detectorUs: number;
  inferenceUs: number;
  predictMs: number;
  rssMb: number;
}

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

/** A deterministic synthetic series: two periods, noise, a level shift and a spike. */
function series(n: number): number[] {
  const out: number[] = [];
  let seed = 12345;
  const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5;
  for (let i = 0; i < n; i++) out.push(10 + Math.sin(i / 12) + 0.5 * Math.sin(i / 97) + 0.2 * rand() + (i > n * 0.8 ? 2 : 0) + (i === Math.floor(n * 0.6) ? 5 : 0));
  return out;
}

async function child(backend: BackendName, points: number): Promise<void> {
  const loaded = await loadTf(backend, { quiet: true });
  if (loaded.backend !== backend) throw new Error(`asked for ${backend}, got ${loaded.backend}`);
  const { tf } = loaded;
  const values = series(points);
  const detector = new LearnedDetector({ tf: loaded });
  let firstFitMs = 0;
  const start = performance.now();
  for (let i = 0; i < values.length; i++) {
    detector.score(i * 60_000, values[i]!);
    if (i + 1 === DEFAULT_LEARNED.warmup) firstFitMs = detector.artifact()!.trainMs;
  }
  const totalMs = performance.now() - start;
  const art = detector.artifact()!;
  const refitMs = (art.trainMs - firstFitMs) / Math.max(1, art.fits - 1);
  const { lags, hidden } = DEFAULT_LEARNED;
  const predict = (): number => {
    const t0 = performance.now();
    tf.tidy(() => {
      const x = tf.randomNormal([1000, lags], 0, 1, 'float32', 1);
      const w1 = tf.randomNormal([lags, hidden], 0, 0.3, 'float32', 2);
      const w2 = tf.randomNormal([hidden, 1], 0, 0.3, 'float32', 3);
      tf.matMul(tf.tanh(tf.matMul(x, w1)), w2).dataSync();
    });
    return performance.now() - t0;
  };
  predict();
  const predicts = [predict(), predict(), predict()].sort((a, b) => a - b);
  const sample: Sample = {
    backend,
    version: loaded.version,
    firstFitMs,
    refitMs,
    detectorUs: (totalMs * 1000) / points,
    inferenceUs: ((totalMs - art.trainMs) * 1000) / points,
    predictMs: predicts[1]!,
    rssMb: process.resourceUsage().maxRSS / 1024,
  };
  console.log(JSON.stringify(sample));
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function parent(rounds: number, points: number): void {
  const script = fileURLToPath(import.meta.url);
  const samples = new Map<BackendName, Sample[]>(BACKENDS.map((b) => [b, []]));
  const failed = new Map<BackendName, string>();
  for (let r = 0; r < rounds; r++) {
    const order = BACKENDS.map((_, k) => BACKENDS[(k + r) % BACKENDS.length]!);
    for (const backend of order) {
      if (failed.has(backend)) continue;
      const res = spawnSync(process.execPath, ['--import', 'tsx', script, '--child', backend, '--points', String(points)], {
        encoding: 'utf8',
        env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '3' },
      });
      const line = res.stdout.trim().split('\n').pop() ?? '';
      if (res.status !== 0 || !line.startsWith('{')) {
        failed.set(backend, (res.stderr.trim().split('\n').find((l) => /Error/.test(l)) ?? `exit ${res.status}`).slice(0, 160));
        continue;
      }
      samples.get(backend)!.push(JSON.parse(line) as Sample);
      process.stderr.write(`  round ${r + 1}/${rounds}: ${backend} done\n`);
    }
  }
  const cell = (xs: number[], digits: number): string => `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)})`;
  const f = DEFAULT_LEARNED;
  console.log(
    `bench:ml-backends — MLP forecaster (${f.lags} lags → ${f.hidden} tanh → 1), first fit ${f.epochs} Adam steps on ${f.trainSpan > f.warmup ? f.warmup - f.lags : f.trainSpan - f.lags} windows, refits ${f.refitEpochs} steps on ≤ ${f.trainSpan - f.lags} windows every ${f.refitEvery} points; ` +
      `${points}-point series; ${rounds} interleaved rounds, one child process each, median (min); ${cpus().length} cores, Node ${process.version}`,
  );
  console.log('| backend | first fit ms | refit ms | detector µs/point | JS inference µs/point | tf predict 1,000 ms | peak RSS MB |');
  console.log('|---|---|---|---|---|---|---|');
  let best: BackendName | undefined;
  let bestUs = Infinity;
  for (const backend of BACKENDS) {
    const s = samples.get(backend)!;
    if (s.length === 0) {
      console.log(`| ${backend} | does not load: ${failed.get(backend) ?? '?'} | | | | | |`);
      continue;
    }
    const us = median(s.map((x) => x.detectorUs));
    if (us < bestUs) [best, bestUs] = [backend, us];
    console.log(
      `| ${backend} (${s[0]!.version}) | ${cell(s.map((x) => x.firstFitMs), 0)} | ${cell(s.map((x) => x.refitMs), 1)} | ${cell(s.map((x) => x.detectorUs), 1)} | ` +
        `${cell(s.map((x) => x.inferenceUs), 2)} | ${cell(s.map((x) => x.predictMs), 2)} | ${median(s.map((x) => x.rssMb)).toFixed(0)} |`,
    );
  }
  if (best === undefined) {
    console.log('no backend loaded');
    process.exitCode = 1;
    return;
  }
  const defaultSamples = samples.get(DEFAULT_BACKEND)!;
  const defaultUs = defaultSamples.length > 0 ? median(defaultSamples.map((x) => x.detectorUs)) : Infinity;
  // Within 10 % is a tie on a shared 2-core machine; the default then stays (see DEFAULT_BACKEND_REASON).
  const verdict =
    best === DEFAULT_BACKEND
      ? 'agrees'
      : defaultUs <= bestUs * 1.1
        ? `within 10 % of ${best}: a tie, the default stands`
        : `DIFFERS by ${((defaultUs / bestUs - 1) * 100).toFixed(0)} %: reconsider DEFAULT_BACKEND in ml/learned/backend.ts`;
  console.log(`fastest for this model family: ${best}; the detector uses ${DEFAULT_BACKEND} by default (${verdict}), falling back in BACKEND_ORDER [${BACKEND_ORDER.join(', ')}]`);
  console.log(`reason recorded: ${DEFAULT_BACKEND_REASON}`);
}

const childBackend = option('child') as BackendName | undefined;
const points = Number(option('points') ?? 6000);
if (childBackend !== undefined) await child(childBackend, points);
else parent(Number(option('rounds') ?? 3), points);
