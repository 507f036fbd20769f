/**
 * A small Nelder–Mead simplex minimiser (reflection 1, expansion 2, contraction ½, shrink ½),
 * enough for the 1–4 smoothing parameters of the exponential-smoothing models. Bounds are the
 * caller's business: return Infinity outside them.
 */

export interface Minimum {
  x: number[];
  value: number;
  evaluations: number;
}

export interface NelderMeadOptions {
  /** Initial step per coordinate (default 0.1). */
  step?: number | number[];
  maxEvaluations?: number;
  /** Stop when the simplex's values differ by less than this (default 1e-8 relative). */
  tolerance?: number;
}

export function nelderMead(f: (x: number[]) => number, start: readonly number[], options: NelderMeadOptions = {}): Minimum {
  const dim = start.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * dim;
  const tolerance = options.tolerance ?? 1e-8;
  let evaluations = 0;
  const evaluate = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isNaN(v) ? Infinity : v;
  };
  const simplex: { x: number[]; v: number }[] = [{ x: [...start], v: evaluate([...start]) }];
  for (let i = 0; i < dim; i++) {
    const x = [...start];
    const step = Array.isArray(options.step) ? options.step[i]! : (options.step ?? 0.1);
    x[i] = x[i]! + step;
    simplex.push({ x, v: evaluate(x) });
  }
  while (evaluations < maxEvaluations) {
    simplex.sort((a, b) => a.v - b.v);
    const best = simplex[0]!;
    const worst = simplex[dim]!;
    if (Math.abs(worst.v - best.v) <= tolerance * (Math.abs(best.v) + 1e-12)) break;
    const centroid = new Array<number>(dim).fill(0);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) centroid[j]! += simplex[i]!.x[j]! / dim;
    const along = (t: number): number[] => centroid.map((c, j) => c + t * (worst.x[j]! - c));
    const reflected = along(-1);
    const vr = evaluate(reflected);
    if (vr < best.v) {
      const expanded = along(-2);
      const ve = evaluate(expanded);
      simplex[dim] = ve < vr ? { x: expanded, v: ve } : { x: reflected, v: vr };
    } else if (vr < simplex[dim - 1]!.v) {
      simplex[dim] = { x: reflected, v: vr };
    } else {
      const contracted = vr < worst.v ? along(-0.5) : along(0.5);
      const vc = evaluate(contracted);
      if (vc < Math.min(vr, worst.v)) {
        simplex[dim] = { x: contracted, v: vc };
      } else {
        for (let i = 1; i <= dim; i++) {
          const x = simplex[i]!.x.map((xi, j) => best.x[j]! + 0.5 * (xi - best.x[j]!));
          simplex[i] = { x, v: evaluate(x) };
        }
      }
    }
  }
  simplex.sort((a, b) => a.v - b.v);
  return { x: simplex[0]!.x, value: simplex[0]!.v, evaluations };
}
