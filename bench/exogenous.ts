/**
 * bench:exogenous — do exogenous inputs help the 48-h forecast? An ablation on real timestamped
 * load-like series: NAB's NYC taxi demand (30-minute counts) and the ten Twitter volume series
 * (5-minute tweet counts), each summed per UTC hour. Rolling origin: `--origins` cut points
 * `--step` hours apart, the last one 48 h before the end; every arm forecasts the 48 h after each
 * cut from the history before it and is scored by sMAPE and MASE (m = 24, scale from that history).
 *
 * Arms, all on the same base forecast (ml/forecast/exogenous/residual-model.ts):
 *   base       the base alone: `selected` = every classical model backtested, the best 3 combined
 *              by their median (what ml/forecast/service.ts serves), or a classical model by name;
 *   +bias      the residual model with no inputs: only the intercept (the base's recent mean error),
 *              so the input arms are not credited with what plain bias correction does;
 *   +calendar  hour-of-day and weekend Fourier terms, weekday one-hot, weekend flag (UTC);
 *   +commits   hourly commit counts of a git repository (`--repo`, default this checkout), lagged;
 *   +series    another series (`--series-csv FILE`, default: for each tweet series the next
 *              company's tweet volume, for the taxi series Twitter_volume_AAPL), lagged;
 *   +all       calendar, commits and series together;
 *   pick       `selectAndForecast` choosing between base and +all by its own backtest (3 origins).
 * The commits and the other series are CONTROLS: this repository's commits and another company's
 * tweets have nothing to do with taxi demand; they should not help, and the bench measures
 * whether they do. A control whose dates do not overlap the target's (this repository's history is
 * two weeks of 2026; NAB is 2014–2015) is shifted by whole weeks so its last point falls nearest
 * the target's last hour, keeping hour of day and weekday (`--no-shift`: real dates; the input is
 * then all zeros or missing and the arm reduces to +bias).
 *
 * Deltas are arm − base per (series, origin) pair: the mean, a 95% bootstrap CI over the pairs
 * (2000 resamples, fixed seed) and a two-sided sign test (better/worse pairs). "beyond noise"
 * when the CI excludes 0 and p < 0.05. Origins of one series are correlated, so the per-series
 * table below shows whether an effect holds across series.
 *
 *   node --import tsx bench/exogenous.ts [--base selected,snaive] [--origins 10] [--step 48]
 *     [--repo PATH] [--series-csv FILE] [--no-shift] [--targets a.csv,b.csv] [--data DIR]
 */
import { cpus } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { readSeriesCsv } from '../cli/commands/telemetry-csv.js';
import { localCandidate, selectAndForecast, type Candidate } from '../ml/forecast/backtest.js';
import { calendarFeatures, HOUR_MS, WEEK_MS } from '../ml/forecast/exogenous/calendar.js';
import { commitTimes, bucketCounts } from '../ml/forecast/exogenous/git-activity.js';
import { exogenousCandidate, memoCandidate, observedFeature, type ExogenousFeature } from '../ml/forecast/exogenous/residual-model.js';
import { alignToGrid, toHourly, type Points } from '../ml/forecast/exogenous/series.js';
import { mase, smape } from '../ml/forecast/metrics.js';
import { classicalModels } from '../ml/forecast/models.js';
import { defaultNabDir } from '../ml/nab/corpus.js';
import { CachedCandidate } from './m4/cache.js';

const HORIZON = 48;
const SEASON = 24;
const TRAIN_ORIGINS = 21;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const dataDir = option('data') ?? join(defaultNabDir(), 'data');
const bases = (option('base') ?? 'selected,snaive').split(',');
const origins = Number(option('origins') ?? 10);
const step = Number(option('step') ?? 48);
const repo = resolve(option('repo') ?? join(import.meta.dirname, '..'));
const seriesCsv = option('series-csv');
const shift = !process.argv.includes('--no-shift');
const TWEETS = ['AAPL', 'AMZN', 'CRM', 'CVS', 'FB', 'GOOG', 'IBM', 'KO', 'PFE', 'UPS'].map((c) => `realTweets/Twitter_volume_${c}.csv`);
const targets = option('targets')?.split(',') ?? ['realKnownCause/nyc_taxi.csv', ...TWEETS];
const progress = (line: string): void => void process.stderr.write(`${line}\n`);

/** The default "other series" of a target: the next company's tweets; AAPL's for anything else. */
function otherOf(rel: string): string {
  const at = TWEETS.indexOf(rel);
  return TWEETS[at < 0 ? 0 : (at + 1) % TWEETS.length]!;
}

/** Whole weeks that put `last` nearest `targetLast`. */
const weeksBetween = (last: number, targetLast: number): number => Math.round((targetLast - last) / WEEK_MS);

// ---------------------------------------------------------------- inputs
const commits = await commitTimes(repo);
if (commits.length === 0) throw new Error(`${repo}: no commits`);
const pointsCache = new Map<string, Points>();
const readPoints = (path: string): Points => {
  let p = pointsCache.get(path);
  if (!p) pointsCache.set(path, (p = readSeriesCsv(path)));
  return p;
};

interface Target {
  rel: string;
  values: number[];
  timestamps: number[];
  commits: Float64Array;
  commitShiftWeeks: number;
  other: Float64Array;
  otherName: string;
  otherShiftWeeks: number;
  otherCoverage: number;
}

/** Hours before the end the lagged inputs must cover: evaluation origins, training origins, lag and a season. */
const span = (origins - 1) * step + HORIZON + (TRAIN_ORIGINS - 1) * SEASON + 2 * HORIZON + SEASON;

function loadTarget(rel: string): Target {
  const hourly = toHourly(readPoints(join(dataDir, rel)), 'sum');
  const values = Array.from(hourly.values);
  const timestamps = values.map((_, i) => hourly.start + i * HOUR_MS);
  const last = timestamps[timestamps.length - 1]!;
  const from = last - span * HOUR_MS;
  const overlaps = (first: number, end: number): boolean => first <= from && end >= last - HORIZON * HOUR_MS;

  const commitShiftWeeks = shift && !commits.some((t) => t >= from && t <= last) ? weeksBetween(commits[commits.length - 1]!, last) : 0;
  const counts = bucketCounts(
    commits.map((t) => t + commitShiftWeeks * WEEK_MS),
    hourly.start,
    values.length,
  );

  const otherPath = seriesCsv ?? join(dataDir, otherOf(rel));
  const other = readPoints(otherPath);
  const oFirst = other.timestamps[0]!;
  const oLast = other.timestamps[other.timestamps.length - 1]!;
  const otherShiftWeeks = shift && !overlaps(oFirst, oLast) ? weeksBetween(oLast, last) : 0;
  const aligned = alignToGrid(other, timestamps, { aggregate: 'sum', shiftMs: otherShiftWeeks * WEEK_MS });
  let covered = 0;
  for (let i = values.length - span; i < values.length; i++) if (Number.isFinite(aligned.values[i]!)) covered++;
  return {
    rel,
    values,
    timestamps,
    commits: counts,
    commitShiftWeeks,
    other: aligned.values,
    otherName: seriesCsv ? basename(seriesCsv) : basename(otherOf(rel), '.csv'),
    otherShiftWeeks,
    otherCoverage: covered / span,
  };
}

const loaded = targets.map(loadTarget);

// ---------------------------------------------------------------- the run
const ARMS = ['base', '+bias', '+calendar', '+commits', '+series', '+all', 'pick(base,+all)'] as const;
type Arm = (typeof ARMS)[number];
interface Score {
  smape: number;
  mase: number;
}

function baseCandidate(name: string): Candidate {
  if (name !== 'selected') return localCandidate(classicalModels([name])[0]!, SEASON);
  const models = classicalModels().map((m) => new CachedCandidate(localCandidate(m, SEASON)));
  return {
    name: 'selected',
    forecast: async (values, horizon) => (await selectAndForecast(values, horizon, SEASON, models, { origins: 3, top: 3, combine: 'median' })).forecast,
  };
}

async function runBase(baseName: string): Promise<{ scores: Map<Arm, Score[][]>; seconds: Map<Arm, number> }> {
  const scores = new Map<Arm, Score[][]>(ARMS.map((a) => [a, []]));
  const seconds = new Map<Arm, number>(ARMS.map((a) => [a, 0]));
  for (const t of loaded) {
    const base = memoCandidate(baseCandidate(baseName));
    const calendar = calendarFeatures();
    const commitsF = observedFeature('commits', t.commits);
    const otherF = observedFeature(t.otherName, t.other);
    const exo = (name: string, features: ExogenousFeature[]): Candidate =>
      exogenousCandidate(base, features, t.timestamps, { season: SEASON, trainOrigins: TRAIN_ORIGINS, name });
    const all = exo('+all', [...calendar, commitsF, otherF]);
    const arms: Record<Arm, Candidate> = {
      base,
      '+bias': exo('+bias', []),
      '+calendar': exo('+calendar', calendar),
      '+commits': exo('+commits', [commitsF]),
      '+series': exo('+series', [otherF]),
      '+all': all,
      'pick(base,+all)': {
        name: 'pick',
        forecast: async (values, horizon) => (await selectAndForecast(values, horizon, SEASON, [base, all], { origins: 3, top: 1 })).forecast,
      },
    };
    for (const arm of ARMS) {
      const row: Score[] = [];
      const started = performance.now();
      for (let k = origins - 1; k >= 0; k--) {
        const cut = t.values.length - HORIZON - k * step;
        const history = t.values.slice(0, cut);
        const actual = t.values.slice(cut, cut + HORIZON);
        const f = await arms[arm].forecast(history, HORIZON);
        row.push({ smape: smape(actual, f.point), mase: mase(history, actual, f.point, SEASON) });
      }
      seconds.set(arm, seconds.get(arm)! + (performance.now() - started) / 1000);
      scores.get(arm)!.push(row);
    }
    progress(`  base ${baseName}: ${t.rel} done`);
  }
  return { scores, seconds };
}

// ---------------------------------------------------------------- statistics
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

/** 95% percentile bootstrap CI of the mean of `d` (2000 resamples, fixed seed). */
function bootstrapCi(d: readonly number[]): [number, number] {
  const rand = mulberry32(20260601);
  const means: number[] = [];
  for (let b = 0; b < 2000; b++) {
    let s = 0;
    for (let i = 0; i < d.length; i++) s += d[Math.floor(rand() * d.length)]!;
    means.push(s / d.length);
  }
  means.sort((a, b) => a - b);
  return [means[49]!, means[1949]!];
}

/** Two-sided exact sign test: P(a split at least as uneven as better/worse) under p = ½; ties dropped. */
function signTest(better: number, worse: number): number {
  const n = better + worse;
  if (n === 0) return 1;
  const k = Math.min(better, worse);
  let logC = 0; // log C(n, 0)
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) logC += Math.log((n - i + 1) / i);
    tail += Math.exp(logC - n * Math.LN2);
  }
  return Math.min(1, 2 * tail);
}

interface Delta {
  mean: number;
  ci: [number, number];
  better: number;
  worse: number;
  p: number;
}

function delta(arm: Score[][], base: Score[][], key: keyof Score): Delta {
  const d = arm.flatMap((row, s) => row.map((x, o) => x[key] - base[s]![o]![key]));
  const eps = 1e-9;
  const better = d.filter((x) => x < -eps).length;
  const worse = d.filter((x) => x > eps).length;
  return { mean: mean(d), ci: bootstrapCi(d), better, worse, p: signTest(better, worse) };
}

// ---------------------------------------------------------------- report
const f3 = (x: number): string => x.toFixed(3);
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;
const beyond = (d: Delta): string => (d.ci[0] > 0 || d.ci[1] < 0) && d.p < 0.05 ? (d.mean < 0 ? 'yes, better' : 'yes, worse') : 'no';
const fmtDelta = (d: Delta): string => `${signed(d.mean)} [${signed(d.ci[0])}, ${signed(d.ci[1])}] | ${d.better}/${d.worse}, p ${d.p < 0.001 ? d.p.toExponential(1) : d.p.toFixed(3)}`;

const started = performance.now();
const results = [];
for (const b of bases) results.push({ base: b, ...(await runBase(b)) });
const totalSeconds = (performance.now() - started) / 1000;

const shifts = loaded.map((t) => t.commitShiftWeeks);
console.log(
  `bench:exogenous — NAB ${loaded.length} series summed per UTC hour (${loaded.map((t) => `${basename(t.rel, '.csv')} ${t.values.length} h`).join(', ')}); ` +
    `${origins} origins ${step} h apart, horizon ${HORIZON}, MASE m=${SEASON}; ${cpus().length} cores, Node ${process.version}; ${totalSeconds.toFixed(0)} s`,
);
console.log(
  `commits: ${repo} (${commits.length} commits, ${new Date(commits[0]!).toISOString().slice(0, 10)}…${new Date(commits[commits.length - 1]!).toISOString().slice(0, 10)}` +
    (shifts.some((s) => s !== 0) ? `, shifted ${Math.min(...shifts)}…${Math.max(...shifts)} weeks onto the targets` : ', real dates') +
    `); other series: ${loaded.map((t) => `${basename(t.rel, '.csv').replace('Twitter_volume_', 'tw_')}←${t.otherName.replace('Twitter_volume_', 'tw_')}${t.otherShiftWeeks ? ` (${t.otherShiftWeeks} wk)` : ''}${t.otherCoverage < 0.999 ? ` ${(100 * t.otherCoverage).toFixed(0)}% covered` : ''}`).join(', ')}`,
);
for (const r of results) {
  const base = r.scores.get('base')!;
  const b = { smape: mean(base.flat().map((x) => x.smape)), mase: mean(base.flat().map((x) => x.mase)) };
  console.log('');
  console.log(`base = ${r.base === 'selected' ? 'selected (all classical models, backtest top-3 median, as ml/forecast/service.ts)' : r.base}; ${base.flat().length} (series, origin) pairs`);
  console.log('| arm | sMAPE | MASE | ΔsMAPE vs base [95% CI] | better/worse, sign p | beyond noise | ΔMASE vs base [95% CI] | better/worse, sign p | beyond noise | ratio sMAPE / base | ratio MASE / base | s |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const arm of ARMS) {
    const s = r.scores.get(arm)!;
    const a = { smape: mean(s.flat().map((x) => x.smape)), mase: mean(s.flat().map((x) => x.mase)) };
    const sec = r.seconds.get(arm)!.toFixed(1);
    if (arm === 'base') {
      console.log(`| base: ${r.base} (anchor) | ${f3(a.smape)} | ${f3(a.mase)} | – | – | – | – | – | – | 1.000 | 1.000 | ${sec} |`);
      continue;
    }
    const ds = delta(s, base, 'smape');
    const dm = delta(s, base, 'mase');
    console.log(`| ${arm} | ${f3(a.smape)} | ${f3(a.mase)} | ${fmtDelta(ds)} | ${beyond(ds)} | ${fmtDelta(dm)} | ${beyond(dm)} | ${f3(a.smape / b.smape)} | ${f3(a.mase / b.mase)} | ${sec} |`);
  }
  console.log('');
  console.log(`per series, mean ΔMASE vs base over its ${origins} origins (base ${r.base}):`);
  console.log(`| series | base MASE | ${ARMS.slice(1).join(' | ')} |`);
  console.log(`|---|---|${ARMS.slice(1).map(() => '---').join('|')}|`);
  loaded.forEach((t, i) => {
    const baseRow = base[i]!;
    const m = mean(baseRow.map((x) => x.mase));
    const cells = ARMS.slice(1).map((arm) => signed(mean(r.scores.get(arm)![i]!.map((x, o) => x.mase - baseRow[o]!.mase))));
    console.log(`| ${basename(t.rel, '.csv')} | ${f3(m)} | ${cells.join(' | ')} |`);
  });
}
console.log('');
console.log(
  's: seconds spent forecasting in each arm; the base\'s fits are shared by all arms of a series through a memo, so the first arm to need one pays for it. ' +
    'pick = selectAndForecast between base and +all (3 backtest origins 48 h apart, top 1). The commit and other-series arms are controls (unrelated data); ' +
    'this repository\'s commit count changes as it is worked on.',
);
console.log(`command: node --import tsx bench/exogenous.ts${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`);
