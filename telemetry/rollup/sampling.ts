/**
 * Percentiles and the bounded sample they come from: a nearest-rank percentile over sorted values,
 * and a seeded pseudo-random sequence (mulberry32) so reservoir sampling is the same on every run
 * for the same input.
 */

/** A deterministic pseudo-random sequence in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The nearest-rank percentile: the smallest value with at least `pct`% of the values at or below it. */
export function nearestRank(sorted: Float64Array, pct: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.ceil((pct / 100) * n);
  return sorted[Math.min(n, Math.max(1, rank)) - 1] as number;
}

/** The key a percentile is reported under: 50 → `p50`, 99.9 → `p99.9`. */
export function percentileKey(pct: number): string {
  return `p${pct}`;
}

/** Checks a percentile list: each finite and in (0, 100]. */
export function checkPercentiles(list: readonly number[]): readonly number[] {
  for (const p of list) if (!(p > 0 && p <= 100)) throw new RangeError(`percentiles must be in (0, 100], got ${p}`);
  return [...list];
}
