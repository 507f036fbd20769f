/**
 * Quick M4 Hourly validation of a learned forecaster:
 *
 *   node --import tsx ml/forecast/learned/evaluate.ts --model nbeats|lstm [--series N] [--seed S]
 *     [--hyper '{"epochs":10}'] [--backend tensorflow|wasm|cpu] [--save DIR] [--data CSV]
 *
 * Holds out the last 48 points of each training series (the M4 test values are not in the repo),
 * trains on the rest, forecasts the 48 and prints sMAPE / MASE / OWA against Naive2 (M4's method:
 * multiplicative classical decomposition only where the 90 % autocorrelation test at lag 24 says
 * seasonal), with seasonal naive for reference, the training and forecast times and the backend.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readM4Csv } from '../m4.js';
import { AccuracyTally, owa } from '../metrics.js';
import { naive2Forecast, seasonalNaiveForecast } from '../naive.js';
import type { BackendName } from '../../learned/backend.js';
import { LstmForecaster } from './lstm.js';
import type { WindowedForecaster, CommonHyper } from './model.js';
import { NBeatsForecaster } from './nbeats.js';

const HORIZON = 48;
const SEASON = 24;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

const { values: args } = parseArgs({
  options: {
    model: { type: 'string', default: 'nbeats' },
    series: { type: 'string' },
    seed: { type: 'string', default: '1' },
    hyper: { type: 'string', default: '{}' },
    backend: { type: 'string' },
    save: { type: 'string' },
    data: { type: 'string', default: join(root, '..', 'shared', 'data', 'm4', 'Hourly-train.csv') },
  },
});

const data = readM4Csv(args.data);
const count = args.series === undefined ? data.values.length : Math.min(Number(args.series), data.values.length);
const full = data.values.slice(0, count);
const train = full.map((s) => s.slice(0, s.length - HORIZON));
const actual = full.map((s) => s.slice(s.length - HORIZON));

const hyper = JSON.parse(args.hyper) as Partial<CommonHyper> & Record<string, unknown>;
const options = { ...(args.backend === undefined ? {} : { backend: args.backend as BackendName }) };
let model: WindowedForecaster<CommonHyper>;
if (args.model === 'nbeats') model = new NBeatsForecaster(hyper, options) as unknown as WindowedForecaster<CommonHyper>;
else if (args.model === 'lstm') model = new LstmForecaster(hyper, options) as unknown as WindowedForecaster<CommonHyper>;
else throw new Error(`--model must be nbeats or lstm, not ${args.model}`);

const t0 = performance.now();
let lastLog = 0;
const meta = await model.train(train, {
  horizon: HORIZON,
  season: SEASON,
  seed: Number(args.seed),
  onEpoch: ({ epoch, epochs, loss }) => {
    const now = performance.now();
    if (now - lastLog > 10_000 || epoch === epochs) {
      console.error(`  epoch ${epoch}/${epochs} loss ${loss.toFixed(4)} (${((now - t0) / 1000).toFixed(0)} s)`);
      lastLog = now;
    }
  },
});
const trainSeconds = (performance.now() - t0) / 1000;
const t1 = performance.now();
const forecasts = await model.forecast(train.map((values) => ({ values, horizon: HORIZON, season: SEASON })));
const forecastSeconds = (performance.now() - t1) / 1000;

const learned = new AccuracyTally();
const naive2 = new AccuracyTally();
const snaive = new AccuracyTally();
let coverage = 0;
let crossings = 0;
train.forEach((history, i) => {
  const f = forecasts[i]!;
  learned.add(history, actual[i]!, f.point, SEASON);
  naive2.add(history, actual[i]!, naive2Forecast(history, HORIZON, SEASON).point, SEASON);
  snaive.add(history, actual[i]!, seasonalNaiveForecast(history, HORIZON, SEASON).point, SEASON);
  actual[i]!.forEach((y, t) => {
    if (y <= f.p90[t]!) coverage++;
    if (f.p50[t]! > f.p90[t]!) crossings++;
  });
});
const n2 = naive2.result();
const row = (name: string, a: { smape: number; mase: number }): string =>
  `${name.padEnd(8)} sMAPE ${a.smape.toFixed(3).padStart(7)}  MASE ${a.mase.toFixed(3).padStart(6)}  OWA ${owa(a.smape, a.mase, n2.smape, n2.mase).toFixed(3)}`;
const result = learned.result();
console.log(`M4 Hourly validation (last ${HORIZON} of each training series held out), ${count} series`);
console.log(row(args.model, result));
console.log(row('naive2', n2));
console.log(row('snaive', snaive.result()));
console.log(`p90 coverage ${((100 * coverage) / (count * HORIZON)).toFixed(1)} % (target 90), p50 > p90 at ${crossings} points`);
console.log(`train ${trainSeconds.toFixed(1)} s, forecast ${forecastSeconds.toFixed(2)} s, backend ${meta.backend}`);
console.log(`version ${meta.version}`);
console.log(`hyper ${JSON.stringify(meta.hyper)}`);
if (args.save !== undefined) {
  model.recordMetrics({ validationSmape: result.smape, validationMase: result.mase, validationOwa: owa(result.smape, result.mase, n2.smape, n2.mase) });
  await model.save(args.save);
  console.log(`saved to ${args.save}`);
}
