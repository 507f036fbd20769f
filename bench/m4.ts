/**
 * bench:m4 — M4 Hourly accuracy of ml/forecast. Validation split: the last 48 points of each
 * training series (the M4 test set is not public). Every classical model forecasts each series
 * from the rest; the per-series selection (`selectAndForecast`: 3 backtest origins 48 apart
 * inside that rest, the 3 best by backtest OWA combined by their median) forecasts it too.
 * Each reports sMAPE, MASE and OWA (vs Naive2, M4's definitions) and seconds spent fitting and
 * forecasting. The anchor, in the same run on the same split: Nixtla statsforecast 2.x AutoETS,
 * AutoTheta and SeasonalNaive (season 24), scored by the same code; ratios are ours / its best.
 * The learned forecasters (`--learned nbeats,lstm`, the default; `--learned none` skips them) are
 * trained across all series on the same split and scored the same way, and so is swaybot's
 * combination, fixed in advance: the step-wise mean of the selection and N-BEATS.
 * Then the final forecaster (the combination, or the selection without N-BEATS) runs on the full
 * training series and writes the 48 hours after each to `--out` (id,F1..F48), for scoring
 * against the M4 test set elsewhere.
 *
 *   node --import tsx bench/m4.ts [--models a,b] [--learned nbeats,lstm|none] [--series N] [--no-anchor] [--anchor-jobs N] [--data FILE] [--out FILE]
 *
 * Defaults: every classical model, all 414 series, `$SWAYBOT_SHARED_DATA/m4/Hourly-train.csv`
 * else `../shared/data/m4/Hourly-train.csv`, output `bench/out/m4-hourly-forecasts.csv`.
 * The anchor runs one model at a time on one core (n_jobs 1), as our TS does.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { localCandidate, selectAndForecast, type Candidate, type PrecomputedForecasts } from '../ml/forecast/backtest.js';
import { readM4Csv } from '../ml/forecast/m4.js';
import { AccuracyTally, owa, type Accuracy } from '../ml/forecast/metrics.js';
import { classicalModels } from '../ml/forecast/models.js';
import { naive2Forecast } from '../ml/forecast/naive.js';
import type { Forecast } from '../ml/forecast/types.js';
import { CachedCandidate } from './m4/cache.js';
import { LEARNED_NAMES, meanForecast, trainAndForecast, type LearnedKind, type LearnedRun } from './m4/learned.js';
import { ensureStatsforecast, runAnchor } from './m4/statsforecast.js';

const HORIZON = 48;
const SEASON = 24;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1] : undefined;
}

const sharedRoot = process.env['SWAYBOT_SHARED_DATA'] || join(import.meta.dirname, '..', '..', 'shared', 'data');
const dataPath = option('data') ?? join(sharedRoot, 'm4', 'Hourly-train.csv');
const outPath = option('out') ?? join(import.meta.dirname, 'out', 'm4-hourly-forecasts.csv');
const models = classicalModels(option('models')?.split(','));
const withAnchor = !process.argv.includes('--no-anchor');
const anchorJobs = Number(option('anchor-jobs') ?? 1);
const learnedOption = option('learned') ?? 'nbeats,lstm';
const learned = (learnedOption === 'none' ? [] : learnedOption.split(',')) as LearnedKind[];
for (const k of learned) if (!(k in LEARNED_NAMES)) throw new Error(`--learned: unknown model ${k}; known: ${Object.keys(LEARNED_NAMES).join(', ')}, or none`);
const COMBINED = 'swaybot: mean(selected, N-BEATS)';

const data = readM4Csv(dataPath);
const count = Math.min(Number(option('series') ?? data.ids.length), data.ids.length);
const ids = data.ids.slice(0, count);
const series = data.values.slice(0, count);
const progress = (line: string): void => void process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------- learned models join here
// ml/forecast/learned/ (another helper's global models) will add candidates in one of two ways:
//   - `learnedCandidates(id)`: a Candidate per model, `(values, horizon) => Promise<Forecast>`;
//   - `learnedPrecomputed(id, stage)`: forecasts made for the whole batch at once, one per backtest
//     origin (oldest first) plus the final one, handed to selectAndForecast as `precomputed`.
// Both are empty until that is wired; nothing here imports ml/forecast/learned yet.
function learnedCandidates(id: string): Candidate[] {
  void id;
  return [];
}
function learnedPrecomputed(id: string, stage: 'validation' | 'final'): Record<string, PrecomputedForecasts> {
  void id;
  void stage;
  return {};
}
// ---------------------------------------------------------------- end of the learned-model hook

interface Tally {
  accuracy: AccuracyTally;
  seconds: number;
}
const tallies = new Map<string, Tally>();
const tally = (name: string): Tally => {
  let t = tallies.get(name);
  if (!t) tallies.set(name, (t = { accuracy: new AccuracyTally(), seconds: 0 }));
  return t;
};
const chosenCounts = new Map<string, number>();
const caches: CachedCandidate[][] = [];
const selectedValidation: Forecast[] = [];
const learnedInfo: string[] = [];
const started = performance.now();

progress(`bench:m4 — ${count} series, models ${models.map((m) => m.name).join(', ')}`);
for (let i = 0; i < count; i++) {
  const values = series[i]!;
  const train = values.slice(0, values.length - HORIZON);
  const actual = values.slice(values.length - HORIZON);
  const candidates = [...models.map((m) => new CachedCandidate(localCandidate(m, SEASON))), ...learnedCandidates(ids[i]!).map((c) => new CachedCandidate(c))];
  caches.push(candidates);
  for (const c of candidates) {
    const before = c.seconds;
    const f = await c.forecast(train, HORIZON);
    const t = tally(c.name);
    t.accuracy.add(train, actual, f.point, SEASON);
    t.seconds += c.seconds - before;
  }
  const selection = await selectAndForecast(train, HORIZON, SEASON, candidates, { precomputed: learnedPrecomputed(ids[i]!, 'validation') });
  const combo = tally('selected');
  combo.accuracy.add(train, actual, selection.forecast.point, SEASON);
  selectedValidation.push(selection.forecast);
  combo.seconds += candidates.reduce((s, c) => s + c.seconds, 0);
  const key = selection.chosen.length > 1 ? `combo(${[...selection.chosen].sort().join(',')})` : selection.chosen[0]!;
  chosenCounts.set(key, (chosenCounts.get(key) ?? 0) + 1);
  if ((i + 1) % 50 === 0 || i + 1 === count) progress(`  validation: ${i + 1}/${count} series (${((performance.now() - started) / 1000).toFixed(0)}s)`);
}

// The learned models: trained across all series on the same split, then the fixed combination.
const trains = series.map((values) => values.slice(0, values.length - HORIZON));
const learnedValidation = new Map<LearnedKind, LearnedRun>();
for (const kind of learned) {
  progress(`  ${LEARNED_NAMES[kind]}: training on ${count} series (validation split)`);
  const run = await trainAndForecast(kind, trains, HORIZON, SEASON, progress);
  learnedValidation.set(kind, run);
  const t = tally(kind);
  run.forecasts.forEach((f, i) => t.accuracy.add(trains[i]!, series[i]!.slice(series[i]!.length - HORIZON), f.point, SEASON));
  t.seconds += run.trainSeconds + run.forecastSeconds;
  learnedInfo.push(`${kind}: train ${run.trainSeconds.toFixed(0)} s, forecast ${run.forecastSeconds.toFixed(1)} s, backend ${run.backend}, version ${run.version}`);
}
const nbeatsValidation = learnedValidation.get('nbeats');
if (nbeatsValidation) {
  const t = tally(COMBINED);
  selectedValidation.forEach((sel, i) => t.accuracy.add(trains[i]!, series[i]!.slice(series[i]!.length - HORIZON), meanForecast(COMBINED, [sel, nbeatsValidation.forecasts[i]!]).point, SEASON));
  t.seconds = tally('selected').seconds + tally('nbeats').seconds;
  const lstmValidation = learnedValidation.get('lstm');
  if (lstmValidation) {
    const t3 = tally('mean(selected, N-BEATS, LSTM)');
    selectedValidation.forEach((sel, i) =>
      t3.accuracy.add(trains[i]!, series[i]!.slice(series[i]!.length - HORIZON), meanForecast('three', [sel, nbeatsValidation.forecasts[i]!, lstmValidation.forecasts[i]!]).point, SEASON),
    );
    t3.seconds = t.seconds + tally('lstm').seconds;
  }
}

// Naive2 is OWA's reference, so it is scored even when --models leaves it out.
let naive2 = tallies.get('naive2')?.accuracy.result();
if (!naive2) {
  const t = new AccuracyTally();
  series.forEach((values) => {
    const train = values.slice(0, values.length - HORIZON);
    t.add(train, values.slice(values.length - HORIZON), naive2Forecast(train, HORIZON, SEASON).point, SEASON);
  });
  naive2 = t.result();
}
const ref = naive2;
const owaOf = (a: Accuracy): number => owa(a.smape, a.mase, ref.smape, ref.mase);

interface Row {
  name: string;
  accuracy: Accuracy;
  seconds: number;
}
const anchorRows: Row[] = [];
let anchorVersion = '';
if (withAnchor) {
  const python = ensureStatsforecast(progress);
  const input: Record<string, number[]> = {};
  ids.forEach((id, i) => (input[id] = series[i]!.slice(0, series[i]!.length - HORIZON)));
  const result = runAnchor(python, input, { horizon: HORIZON, season: SEASON, jobs: anchorJobs });
  anchorVersion = result.version;
  for (const [name, r] of Object.entries(result.models)) {
    const t = new AccuracyTally();
    ids.forEach((id, i) => {
      const values = series[i]!;
      const f = r.forecasts[id];
      if (!f || f.length !== HORIZON) throw new Error(`statsforecast ${name}: no ${HORIZON}-point forecast for ${id}`);
      t.add(values.slice(0, values.length - HORIZON), values.slice(values.length - HORIZON), f, SEASON);
    });
    anchorRows.push({ name: `statsforecast ${name}`, accuracy: t.result(), seconds: r.seconds });
  }
}

// Full training series → the 48 hours after each, from the final forecaster (N-BEATS retrained on the full series).
const finalName = nbeatsValidation ? COMBINED : 'selected';
progress(`  final: forecasting the ${HORIZON} hours after each full training series (${finalName})`);
const lines = [['id', ...Array.from({ length: HORIZON }, (_, h) => `F${h + 1}`)].join(',')];
const finalStart = performance.now();
const nbeatsFinal = nbeatsValidation ? await trainAndForecast('nbeats', series, HORIZON, SEASON, progress) : undefined;
for (let i = 0; i < count; i++) {
  const selection = await selectAndForecast(series[i]!, HORIZON, SEASON, caches[i]!, { precomputed: learnedPrecomputed(ids[i]!, 'final') });
  const final = nbeatsFinal ? meanForecast(COMBINED, [selection.forecast, nbeatsFinal.forecasts[i]!]) : selection.forecast;
  lines.push([ids[i]!, ...final.point.map((x) => Number(x.toPrecision(8)))].join(','));
  if ((i + 1) % 100 === 0 || i + 1 === count) progress(`  final: ${i + 1}/${count} series`);
}
const finalSeconds = (performance.now() - finalStart) / 1000;
mkdirSync(dirname(outPath), { recursive: true });
writeFileSync(outPath, `${lines.join('\n')}\n`);

// ---------------------------------------------------------------- report
const fmt = (r: Row): string =>
  `| ${r.name} | ${r.accuracy.smape.toFixed(3)} | ${r.accuracy.mase.toFixed(3)} | ${owaOf(r.accuracy).toFixed(3)} | ${r.seconds.toFixed(1)} |`;
const ours: Row[] = [...tallies.entries()].map(([name, t]) => ({ name, accuracy: t.accuracy.result(), seconds: t.seconds }));
const selected = ours.find((r) => r.name === finalName)!;
console.log(
  `bench:m4 — M4 Hourly validation split (last ${HORIZON} of each training series), ${count} series, ${cpus().length} cores, Node ${process.version}` +
    (withAnchor ? `, statsforecast ${anchorVersion} (n_jobs ${anchorJobs})` : ', no anchor'),
);
console.log('| model | sMAPE | MASE | OWA | fit+forecast s |');
console.log('|---|---|---|---|---|');
const labels: Record<string, string> = {
  selected: 'selected (classical, backtest top-3 median; s = all fits incl. 3 backtest origins)',
  nbeats: 'N-BEATS (global, trained on all series; s = train + forecast)',
  lstm: 'LSTM (global, trained on all series; s = train + forecast)',
};
for (const r of ours.filter((x) => x.name !== finalName)) console.log(fmt({ ...r, name: labels[r.name] ?? r.name }));
console.log(fmt({ ...selected, name: `**${labels[finalName] ?? finalName}** (the final forecaster)` }));
for (const r of anchorRows) console.log(fmt({ ...r, name: `${r.name} (anchor)` }));
if (anchorRows.length > 0) {
  const best = anchorRows.reduce((a, b) => (owaOf(b.accuracy) < owaOf(a.accuracy) ? b : a));
  const anchorSeconds = anchorRows.reduce((s, r) => s + r.seconds, 0);
  console.log(
    `| ratio ${finalName} / ${best.name} (best anchor by OWA) | ${(selected.accuracy.smape / best.accuracy.smape).toFixed(3)} | ${(selected.accuracy.mase / best.accuracy.mase).toFixed(3)} | ${(owaOf(selected.accuracy) / owaOf(best.accuracy)).toFixed(3)} | ${(selected.seconds / anchorSeconds).toFixed(2)} vs all 3 anchors' ${anchorSeconds.toFixed(1)} s |`,
  );
}
const top = [...chosenCounts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
console.log(`Naive2 reference: sMAPE ${ref.smape.toFixed(3)}, MASE ${ref.mase.toFixed(3)}. Most chosen: ${top.map(([k, v]) => `${k} ${v}`).join('; ')}`);
for (const line of learnedInfo) console.log(`Learned ${line}`);
console.log(`Full-series forecasts (${finalName}, ${finalSeconds.toFixed(1)} s${nbeatsFinal ? `, N-BEATS retrained on the full series in ${nbeatsFinal.trainSeconds.toFixed(0)} s` : ''}): ${outPath}`);
