import { describe, expect, it } from 'vitest';
import { mapPool } from '../../hardware/pool.js';

describe('mapPool', () => {
  it('never has more than `concurrency` calls in flight and keeps results in input order', async () => {
    let inFlight = 0;
    let most = 0;
    const items = Array.from({ length: 40 }, (_, i) => i);
    const out = await mapPool(items, 7, async (n) => {
      most = Math.max(most, ++inFlight);
      await new Promise((r) => setTimeout(r, (n * 7) % 5));
      inFlight--;
      return n * 2;
    });
    expect(out).toEqual(items.map((n) => n * 2));
    expect(most).toBe(7);
  });

  it('handles fewer items than lanes, no items, and rejects a bad concurrency', async () => {
    expect(await mapPool([1, 2], 16, async (n) => n + 1)).toEqual([2, 3]);
    expect(await mapPool([], 4, async (n: number) => n)).toEqual([]);
    await expect(mapPool([1], 0, async (n) => n)).rejects.toThrow(/concurrency must be a positive integer/);
  });
});
