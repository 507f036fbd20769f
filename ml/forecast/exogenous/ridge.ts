/**
 * Ridge regression with an unpenalised intercept, small and exact: the columns are standardised
 * (mean 0, standard deviation 1 over the rows; a constant column gets coefficient 0), the
 * normal equations (ZᵀZ + λI) b = Zᵀ(y − ȳ) are solved by Cholesky, and the coefficients are
 * returned in the original units. λ is given, or chosen from a grid by generalised
 * cross-validation, GCV(λ) = n · RSS / (n − edf)², edf = 1 + tr((ZᵀZ + λI)⁻¹ ZᵀZ)
 * (Golub, Heath & Wahba 1979). Deterministic; O(n p² + p³) per λ.
 */

export interface RidgeOptions {
  /** The penalty on the standardised scale, or `gcv` (default) to pick one of `lambdas`. */
  lambda?: number | 'gcv';
  /** The GCV grid (default n · 10^k, k = −4, −3.5, …, 2). */
  lambdas?: readonly number[];
}

export interface RidgeFit {
  intercept: number;
  /** Per column, in the columns' own units (0 for a constant column). */
  coef: Float64Array;
  lambda: number;
  /** Effective degrees of freedom, intercept included. */
  edf: number;
  /** GCV score at `lambda`. */
  gcv: number;
  /** Residual sum of squares on the rows fitted. */
  rss: number;
}

/** Fits y ≈ intercept + Σ coef_j x_j. `rows[i]` is observation i's features (all finite). */
export function ridgeFit(rows: readonly ArrayLike<number>[], y: ArrayLike<number>, options: RidgeOptions = {}): RidgeFit {
  const n = rows.length;
  if (n === 0 || y.length !== n) throw new Error(`ridgeFit: ${n} rows and ${y.length} targets; expected the same, non-zero number`);
  const p = rows[0]!.length;
  let ym = 0;
  for (let i = 0; i < n; i++) ym += y[i]!;
  ym /= n;
  const mean = new Float64Array(p);
  const sd = new Float64Array(p);
  for (const r of rows) {
    if (r.length !== p) throw new Error(`ridgeFit: rows of ${r.length} and ${p} columns`);
    for (let j = 0; j < p; j++) mean[j]! += r[j]!;
  }
  for (let j = 0; j < p; j++) mean[j]! /= n;
  for (const r of rows) for (let j = 0; j < p; j++) sd[j]! += (r[j]! - mean[j]!) ** 2;
  const keep: number[] = [];
  for (let j = 0; j < p; j++) {
    sd[j] = Math.sqrt(sd[j]! / n);
    if (sd[j]! > 1e-12 * Math.max(1, Math.abs(mean[j]!))) keep.push(j);
  }
  const q = keep.length;
  const tss = sumSq(y, ym);
  if (q === 0) return { intercept: ym, coef: new Float64Array(p), lambda: 0, edf: 1, gcv: n > 1 ? (n * tss) / (n - 1) ** 2 : 0, rss: tss };

  // Gram matrix G = ZᵀZ and c = Zᵀ(y − ȳ) of the standardised kept columns.
  const G = new Float64Array(q * q);
  const c = new Float64Array(q);
  const z = new Float64Array(q);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    for (let a = 0; a < q; a++) z[a] = (r[keep[a]!]! - mean[keep[a]!]!) / sd[keep[a]!]!;
    const yc = y[i]! - ym;
    for (let a = 0; a < q; a++) {
      c[a]! += z[a]! * yc;
      for (let b = 0; b <= a; b++) G[a * q + b]! += z[a]! * z[b]!;
    }
  }
  for (let a = 0; a < q; a++) for (let b = 0; b < a; b++) G[b * q + a] = G[a * q + b]!;

  const solveAt = (lambda: number) => {
    const A = Float64Array.from(G);
    for (let a = 0; a < q; a++) A[a * q + a]! += lambda;
    const L = cholesky(A, q);
    const b = cholSolve(L, q, c);
    // RSS = ‖yc‖² − 2 bᵀc + bᵀGb; tr(A⁻¹G) = q − λ tr(A⁻¹).
    let bc = 0;
    let bGb = 0;
    for (let a = 0; a < q; a++) {
      bc += b[a]! * c[a]!;
      let s = 0;
      for (let k = 0; k < q; k++) s += G[a * q + k]! * b[k]!;
      bGb += b[a]! * s;
    }
    const rss = Math.max(0, tss - 2 * bc + bGb);
    let trInv = 0;
    const e = new Float64Array(q);
    for (let a = 0; a < q; a++) {
      e.fill(0);
      e[a] = 1;
      trInv += cholSolve(L, q, e)[a]!;
    }
    const edf = 1 + q - lambda * trInv;
    const gcv = n > edf ? (n * rss) / (n - edf) ** 2 : Number.POSITIVE_INFINITY;
    return { b, rss, edf, gcv, lambda };
  };

  let best;
  if (typeof options.lambda === 'number') {
    if (!(options.lambda >= 0)) throw new Error(`ridgeFit: lambda must be ≥ 0, got ${options.lambda}`);
    best = solveAt(Math.max(options.lambda, 1e-10 * n));
  } else {
    const grid = options.lambdas ?? Array.from({ length: 13 }, (_, k) => n * 10 ** (-4 + k / 2));
    for (const lambda of grid) {
      const fit = solveAt(lambda);
      if (!best || fit.gcv < best.gcv) best = fit;
    }
    if (!best) throw new Error('ridgeFit: empty lambda grid');
  }
  const coef = new Float64Array(p);
  let intercept = ym;
  keep.forEach((j, a) => {
    coef[j] = best.b[a]! / sd[j]!;
    intercept -= coef[j]! * mean[j]!;
  });
  return { intercept, coef, lambda: best.lambda, edf: best.edf, gcv: best.gcv, rss: best.rss };
}

export function ridgePredict(fit: RidgeFit, row: ArrayLike<number>): number {
  let s = fit.intercept;
  for (let j = 0; j < fit.coef.length; j++) s += fit.coef[j]! * row[j]!;
  return s;
}

function sumSq(y: ArrayLike<number>, m: number): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += (y[i]! - m) ** 2;
  return s;
}

/** Lower-triangular L with A = LLᵀ (A symmetric positive definite, row-major q×q). */
function cholesky(A: Float64Array, q: number): Float64Array {
  const L = new Float64Array(q * q);
  for (let i = 0; i < q; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * q + j]!;
      for (let k = 0; k < j; k++) s -= L[i * q + k]! * L[j * q + k]!;
      if (i === j) {
        if (!(s > 0)) throw new Error('ridge: the penalised Gram matrix is not positive definite');
        L[i * q + i] = Math.sqrt(s);
      } else L[i * q + j] = s / L[j * q + j]!;
    }
  }
  return L;
}

/** Solves LLᵀ x = b. */
function cholSolve(L: Float64Array, q: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(q);
  for (let i = 0; i < q; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * q + k]! * y[k]!;
    y[i] = s / L[i * q + i]!;
  }
  const x = new Float64Array(q);
  for (let i = q - 1; i >= 0; i--) {
    let s = y[i]!;
    for (let k = i + 1; k < q; k++) s -= L[k * q + i]! * x[k]!;
    x[i] = s / L[i * q + i]!;
  }
  return x;
}
