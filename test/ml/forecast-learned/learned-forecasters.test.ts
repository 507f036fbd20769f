import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadTf, type LoadedTf } from '../../../ml/learned/backend.js';
import { LstmForecaster, type LstmHyper } from '../../../ml/forecast/learned/lstm.js';
import type { LearnedForecast } from '../../../ml/forecast/learned/model.js';
import { FORECAST_BACKEND } from '../../../ml/forecast/learned/model.js';
import { NBeatsForecaster, type NBeatsHyper } from '../../../ml/forecast/learned/nbeats.js';
import { relativeMae, synthetic } from './synthetic.js';

const H = 24;
const SEASON = 24;
// Tiny networks: each training below takes well under a few seconds on 2 cores.
const NBEATS: Partial<NBeatsHyper> = { lookbacks: [72], members: 1, blocks: 2, layers: 2, units: 32, epochs: 4, stepsPerEpoch: 10, batchSize: 64, learningRate: 3e-3 };
const LSTM: Partial<LstmHyper> = { lookbacks: [72], members: 1, units: 16, headUnits: 32, epochs: 4, stepsPerEpoch: 10, batchSize: 64, learningRate: 5e-3 };

const series = synthetic(6, 24 * 25);
const train = series.map((s) => s.slice(0, s.length - H));
const actual = series.map((s) => s.slice(s.length - H));
const requests = train.map((values) => ({ values, horizon: H, season: SEASON }));

describe('ml/forecast/learned', () => {
  let loaded: LoadedTf;
  let dir: string;
  beforeAll(async () => {
    loaded = await loadTf(FORECAST_BACKEND, { quiet: true });
    dir = await mkdtemp(join(tmpdir(), 'learned-forecast-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const kinds = [
    { name: 'global (N-BEATS)', make: () => new NBeatsForecaster(NBEATS, { tf: loaded }), load: (d: string) => NBeatsForecaster.load(d, { tf: loaded }) },
    { name: 'lstm', make: () => new LstmForecaster(LSTM, { tf: loaded }), load: (d: string) => LstmForecaster.load(d, { tf: loaded }) },
  ];
  for (const { name, make, load } of kinds) {
    describe(name, () => {
      it('trains deterministically for a fixed seed (bit-identical forecasts on the same backend), differently for another', async () => {
        const a = make();
        const b = make();
        const c = make();
        await a.train(train, { horizon: H, season: SEASON, seed: 11 });
        await b.train(train, { horizon: H, season: SEASON, seed: 11 });
        await c.train(train, { horizon: H, season: SEASON, seed: 12 });
        const fa = await a.forecast(requests);
        const fb = await b.forecast(requests);
        const fc = await c.forecast(requests);
        expect(fb.map((f) => [f.p50, f.p90])).toEqual(fa.map((f) => [f.p50, f.p90]));
        expect(fc[0]!.p50).not.toEqual(fa[0]!.p50);
        // Same weights, so the same hash at the end of the version (the time part may differ).
        expect(a.metadata!.version.split('-').at(-1)).toBe(b.metadata!.version.split('-').at(-1));
        for (const m of [a, b, c]) m.dispose();
      });

      it('calls onEpoch once per epoch with a falling loss, and forecasts p50 ≤ p90 with the model version', async () => {
        const model = make();
        const epochs: { epoch: number; epochs: number; loss: number }[] = [];
        const meta = await model.train(train, { horizon: H, season: SEASON, seed: 5, onEpoch: (p) => epochs.push(p) });
        expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
        expect(epochs.every((e) => e.epochs === 4 && Number.isFinite(e.loss))).toBe(true);
        expect(epochs.at(-1)!.loss).toBeLessThan(epochs[0]!.loss);
        expect(meta.backend).toContain(loaded.backend);
        expect(meta.version).toMatch(new RegExp(`^${model.family}@\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ-[0-9a-f]{8}$`));
        expect(meta.data).toEqual({ series: 6, points: train.reduce((n, s) => n + s.length, 0) });
        const forecasts: LearnedForecast[] = await model.forecast([...requests, { values: train[0]!.slice(0, 30), horizon: 12, season: SEASON }]);
        for (const f of forecasts) {
          expect(f.model).toBe(model.name);
          expect(f.version).toBe(meta.version);
          expect(f.point).toEqual(f.p50);
          f.p50.forEach((p, t) => expect(p).toBeLessThanOrEqual(f.p90[t]!));
          expect(f.p50.every(Number.isFinite)).toBe(true);
        }
        expect(forecasts.at(-1)!.p50).toHaveLength(12);
        await expect(model.forecast([{ values: train[0]!, horizon: H + 1, season: SEASON }])).rejects.toThrow(/horizon/);
        await expect(model.forecast([{ values: train[0]!, horizon: H, season: 12 }])).rejects.toThrow(/season/);
        model.dispose();
      });

      it('saves and loads: same forecasts, same metadata; a changed weights file is refused', async () => {
        const model = make();
        await model.train(train, { horizon: H, season: SEASON, seed: 9 });
        model.recordMetrics({ validationSmape: 1.5 });
        const where = join(dir, model.family);
        await model.save(where);
        const back = await load(where);
        expect(back.metadata).toEqual(model.metadata);
        expect(back.metadata!.metrics.validationSmape).toBe(1.5);
        expect(back.hyper).toEqual(model.hyper);
        expect(await back.forecast(requests)).toEqual(await model.forecast(requests));
        const meta = JSON.parse(await readFile(join(where, 'metadata.json'), 'utf8')) as { version: string; backend: string };
        expect(meta.version).toBe(model.metadata!.version);
        const bytes = await readFile(join(where, 'weights.bin'));
        bytes[0] = bytes[0]! ^ 0xff;
        await writeFile(join(where, 'weights.bin'), bytes);
        await expect(load(where)).rejects.toThrow(/does not match version/);
        model.dispose();
        back.dispose();
      });
    });
  }

  it('N-BEATS beats seasonal naive on series with trend, daily season and noise', async () => {
    const model = new NBeatsForecaster({ ...NBEATS, units: 64, epochs: 8, stepsPerEpoch: 25, batchSize: 128 }, { tf: loaded });
    await model.train(train, { horizon: H, season: SEASON, seed: 1 });
    const forecasts = await model.forecast(requests);
    let learned = 0;
    let snaive = 0;
    train.forEach((history, i) => {
      learned += relativeMae(actual[i]!, forecasts[i]!.point);
      snaive += relativeMae(actual[i]!, actual[i]!.map((_, t) => history[history.length - SEASON + (t % SEASON)]!));
    });
    expect(learned).toBeLessThan(0.8 * snaive);
    model.dispose();
  });

  it('LSTM beats seasonal naive on series with trend, daily season and noise', async () => {
    const model = new LstmForecaster({ ...LSTM, units: 32, epochs: 10, stepsPerEpoch: 30, batchSize: 128, learningRate: 1e-2 }, { tf: loaded });
    await model.train(train, { horizon: H, season: SEASON, seed: 1 });
    const forecasts = await model.forecast(requests);
    let learned = 0;
    let snaive = 0;
    train.forEach((history, i) => {
      learned += relativeMae(actual[i]!, forecasts[i]!.point);
      snaive += relativeMae(actual[i]!, actual[i]!.map((_, t) => history[history.length - SEASON + (t % SEASON)]!));
    });
    expect(learned).toBeLessThan(0.8 * snaive);
    model.dispose();
  });
});
