/**
 * M4's measures on tiny series worked by hand, and the M4 CSV reader on an inline file.
 */
import { describe, expect, it } from 'vitest';
import { parseM4Csv } from '../../../ml/forecast/m4.js';
import { AccuracyTally, mase, maseScale, owa, smape } from '../../../ml/forecast/metrics.js';

describe('sMAPE', () => {
  it('is 200/h · Σ |Y−F| / (|Y|+|F|)', () => {
    // Y = [1, 3], F = [3, 3]: 2/4 + 0/6 = 0.5; 200/2 · 0.5 = 50.
    expect(smape([1, 3], [3, 3])).toBeCloseTo(50, 12);
    // Y = [2, 4], F = [1, 5]: 1/3 + 1/9 = 4/9; 100 · 4/9 = 44.444…
    expect(smape([2, 4], [1, 5])).toBeCloseTo(400 / 9, 12);
    expect(smape([5, 5], [5, 5])).toBe(0);
    // Y = F = 0 adds nothing rather than NaN.
    expect(smape([0, 1], [0, 3])).toBeCloseTo(50, 12);
  });

  it('rejects mismatched lengths', () => {
    expect(() => smape([1, 2], [1])).toThrow(/same/);
  });
});

describe('MASE', () => {
  it('scales the MAE by the in-sample seasonal-naive MAE', () => {
    // m = 2, in-sample [1, 2, 3, 5]: |3−1| + |5−2| = 5 over 2 differences → scale 2.5.
    expect(maseScale([1, 2, 3, 5], 2)).toBeCloseTo(2.5, 12);
    // Y = [6, 8], F = [5, 10]: MAE (1 + 2)/2 = 1.5; 1.5 / 2.5 = 0.6.
    expect(mase([1, 2, 3, 5], [6, 8], [5, 10], 2)).toBeCloseTo(0.6, 12);
    // m = 1 on the same in-sample: |1| + |1| + |2| = 4 over 3 → 4/3; 1.5 / (4/3) = 1.125.
    expect(mase([1, 2, 3, 5], [6, 8], [5, 10], 1)).toBeCloseTo(1.125, 12);
  });

  it('needs more in-sample points than the season', () => {
    expect(() => maseScale([1, 2], 2)).toThrow(/more than 2/);
  });
});

describe('OWA', () => {
  it('is ½ (sMAPE/sMAPE_Naive2 + MASE/MASE_Naive2) of the means', () => {
    expect(owa(10, 1, 20, 2)).toBeCloseTo(0.5, 12);
    expect(owa(15, 1, 20, 2)).toBeCloseTo(0.625, 12); // ½ (0.75 + 0.5)
    expect(owa(20, 2, 20, 2)).toBe(1);
  });

  it('tallies per-series means', () => {
    const t = new AccuracyTally();
    t.add([1, 2, 3, 5], [1, 3], [3, 3], 2); // sMAPE 50, MASE (2 + 0)/2 / 2.5 = 0.4
    t.add([1, 2, 3, 5], [6, 8], [5, 10], 2); // sMAPE 100 (1/11 + 2/18), MASE 0.6
    const r = t.result();
    expect(r.series).toBe(2);
    expect(r.smape).toBeCloseTo((50 + 100 * (1 / 11 + 2 / 18)) / 2, 12);
    expect(r.mase).toBeCloseTo(0.5, 12);
  });
});

describe('M4 CSV', () => {
  it('reads ids and values, dropping the padding', () => {
    const text = '"V1","V2","V3","V4"\n"H1","1","2.5","3"\n"H2","4","5",""\n';
    const d = parseM4Csv(text);
    expect(d.ids).toEqual(['H1', 'H2']);
    expect(d.values).toEqual([[1, 2.5, 3], [4, 5]]);
  });

  it('rejects a cell that is not a number', () => {
    expect(() => parseM4Csv('"V1","V2"\n"H1","x"\n')).toThrow(/H1.*not a number/);
  });
});
