/** Latency percentiles and throughput for the benchmark's report. */
export interface Summary {
  runs: number;
  seconds: number;
  runsPerSecond: number;
  p50: number;
  p95: number;
}

/** Nearest-rank percentile of `sorted` (ascending), `p` in 0..100. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarise(latenciesMs: readonly number[], elapsedMs: number): Summary {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    runs: sorted.length,
    seconds: elapsedMs / 1000,
    runsPerSecond: sorted.length / (elapsedMs / 1000),
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
  };
}
