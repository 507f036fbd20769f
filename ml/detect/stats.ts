/**
 * Small streaming statistics: the Gaussian tail, a fixed-size window with its running sum and
 * sum of squares, and a sliding-window maximum. All O(1) (amortised) per point.
 */

/** Complementary error function (Numerical Recipes' Chebyshev fit, |error| < 1.2e-7). */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z - 1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z > z) for a standard normal Z. */
export function normalTail(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** The last `size` values pushed, with their mean and standard deviation. */
export class Window {
  private readonly buf: Float64Array;
  private at = 0;
  private n = 0;
  private sum = 0;
  private sumSq = 0;

  constructor(readonly size: number) {
    this.buf = new Float64Array(size);
  }

  push(x: number): void {
    if (this.n === this.size) {
      const old = this.buf[this.at]!;
      this.sum -= old;
      this.sumSq -= old * old;
    } else this.n++;
    this.buf[this.at] = x;
    this.sum += x;
    this.sumSq += x * x;
    this.at = (this.at + 1) % this.size;
  }

  get count(): number {
    return this.n;
  }

  get mean(): number {
    return this.n === 0 ? 0 : this.sum / this.n;
  }

  get std(): number {
    if (this.n < 2) return 0;
    const m = this.sum / this.n;
    return Math.sqrt(Math.max(0, this.sumSq / this.n - m * m));
  }

  /** The value pushed `back` pushes ago (0: the latest); undefined beyond what is held. */
  get(back: number): number | undefined {
    if (back >= this.n) return undefined;
    return this.buf[(this.at - 1 - back + 2 * this.size) % this.size];
  }
}

/** The maximum of the last `size` values pushed (monotone deque). */
export class SlidingMax {
  private readonly vals: number[] = [];
  private readonly idx: number[] = [];
  private head = 0;
  private t = 0;

  constructor(readonly size: number) {}

  push(x: number): void {
    while (this.vals.length > this.head && this.vals[this.vals.length - 1]! <= x) {
      this.vals.pop();
      this.idx.pop();
    }
    this.vals.push(x);
    this.idx.push(this.t++);
    while (this.idx[this.head]! <= this.t - 1 - this.size) this.head++;
    if (this.head > 1024 && this.head * 2 > this.vals.length) {
      this.vals.splice(0, this.head);
      this.idx.splice(0, this.head);
      this.head = 0;
    }
  }

  /** The maximum, or −Infinity before the first push. */
  get max(): number {
    return this.vals.length > this.head ? this.vals[this.head]! : -Infinity;
  }
}

/** The last `size` values in sorted order, for the mid-rank of a new value among them. */
export class RankWindow {
  private readonly sorted: number[] = [];
  private readonly order: Float64Array;
  private at = 0;

  constructor(readonly size: number) {
    this.order = new Float64Array(size);
  }

  /** Share of the held values below `x`, plus half of those equal, in [0, 1]; 0.5 when empty. */
  rank(x: number): number {
    const n = this.sorted.length;
    if (n === 0) return 0.5;
    const lo = this.bound(x, false);
    const hi = this.bound(x, true);
    return (lo + (hi - lo) / 2) / n;
  }

  /** The value at share `p` (0..1) of the held values, by nearest rank; NaN when empty. */
  quantile(p: number): number {
    const n = this.sorted.length;
    if (n === 0) return Number.NaN;
    return this.sorted[Math.min(n - 1, Math.max(0, Math.round(p * (n - 1))))]!;
  }

  push(x: number): void {
    if (this.sorted.length === this.size) {
      const old = this.order[this.at]!;
      this.sorted.splice(this.bound(old, false), 1);
    }
    this.order[this.at] = x;
    this.at = (this.at + 1) % this.size;
    this.sorted.splice(this.bound(x, false), 0, x);
  }

  /** First index whose value is >= x (or > x when `after`). */
  private bound(x: number, after: boolean): number {
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.sorted[mid]!;
      if (v < x || (after && v === x)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
