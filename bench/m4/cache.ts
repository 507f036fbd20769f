/**
 * A candidate that remembers its forecasts of one series by history length, so the backtest
 * cuts shared by the validation run and the full-series run are fitted once, and that adds
 * up the seconds it spent fitting (cache hits cost nothing).
 */
import type { Candidate } from '../../ml/forecast/backtest.js';
import type { Forecast } from '../../ml/forecast/types.js';

export class CachedCandidate implements Candidate {
  readonly name: string;
  seconds = 0;
  private readonly memo = new Map<number, Forecast>();

  constructor(private readonly inner: Candidate) {
    this.name = inner.name;
  }

  async forecast(values: readonly number[], horizon: number): Promise<Forecast> {
    const key = values.length * 1000 + horizon;
    const hit = this.memo.get(key);
    if (hit) return hit;
    const start = performance.now();
    const f = await this.inner.forecast(values, horizon);
    this.seconds += (performance.now() - start) / 1000;
    this.memo.set(key, f);
    return f;
  }
}
