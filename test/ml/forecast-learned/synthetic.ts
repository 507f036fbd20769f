/** Deterministic synthetic hourly series for the learned forecaster tests: level + trend + daily season + noise. */
export function synthetic(count: number, length: number, seed = 3): number[][] {
  let s = seed;
  const noise = (): number => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  };
  return Array.from({ length: count }, (_, k) => {
    const level = 50 + 40 * k;
    const slope = (k % 2 === 0 ? 0.02 : -0.01) * level / 24;
    const phase = (k * Math.PI) / 5;
    return Array.from({ length }, (_, t) => {
      const base = level + slope * t;
      return base * (1 + 0.3 * Math.sin((2 * Math.PI * t) / 24 + phase)) + 0.03 * level * noise();
    });
  });
}

/** Mean absolute error of a forecast, relative to the actual values' mean. */
export function relativeMae(actual: readonly number[], forecast: readonly number[]): number {
  let e = 0;
  let a = 0;
  actual.forEach((y, i) => {
    e += Math.abs(y - forecast[i]!);
    a += Math.abs(y);
  });
  return e / a;
}
