/**
 * The ingest fast path's memory: a line's *identity* (its bytes without the value: the name and
 * everything from the `|` after the value: type, rate, tags, other fields) → the series state the
 * full parser found for it. A later line with the same identity and a plain value (`123`,
 * `12.5`) skips the parser: one pass over its bytes, an FNV hash, one `Map` lookup and a byte
 * comparison, then the value goes straight to its series. Anything else (a sign, an
 * exponent, several values, a set, a timestamp, an unknown identity) takes the full parser, which
 * remembers the identity for next time. Bounded: at most `max` identities (then it stops learning).
 */
import { FNV_BASIS, FNV_PRIME } from '../statsd/series.js';
import type { SeriesState } from './series-state.js';

/** How a remembered line's value reaches its series. */
export const APPLY_COUNTER = 0;
export const APPLY_GAUGE = 1;
export const APPLY_SAMPLED = 2;
export type Apply = typeof APPLY_COUNTER | typeof APPLY_GAUGE | typeof APPLY_SAMPLED;

export interface MemoEntry {
  /** The identity's bytes: the name, then the bytes from the bar after the value to the line's end. */
  ident: Buffer;
  nameLength: number;
  state: SeriesState;
  rate: number;
  apply: Apply;
  next: MemoEntry | undefined;
}

/** Where a line's parts are, and its plain value; null when the line is not a fast-path candidate. */
export interface FastLine {
  colon: number;
  bar: number;
  value: number;
  hash: number;
  /** Set by `scanLine`: the line's end without its `\r`, and where the next line starts. */
  end: number;
  next: number;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * Reads `bytes[start, end)` as `name:value|…` with a plain unsigned decimal value of at most 15
 * digits: exactly the double `Number()` gives (an integer below 2^53 divided by an exact power of
 * ten is correctly rounded). Writes into `out`; false when the line needs the full parser.
 */
export function scanFast(bytes: Buffer, start: number, end: number, out: FastLine): boolean {
  let i = start;
  let h = FNV_BASIS;
  while (i < end) {
    const c = bytes[i]!;
    if (c === 58) break;
    if (c === 124) return false;
    h = Math.imul(h ^ c, FNV_PRIME);
    i++;
  }
  if (i === start || i >= end) return false;
  const colon = i;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  i++;
  while (i < end) {
    const c = bytes[i]!;
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 && fraction < 0 && digits > 0) fraction = 0;
    else if (c === 124) break;
    else return false;
    i++;
  }
  if (i >= end || digits === 0 || digits > 15 || fraction === 0) return false;
  const bar = i;
  for (let k = bar; k < end; k++) h = Math.imul(h ^ bytes[k]!, FNV_PRIME);
  out.colon = colon;
  out.bar = bar;
  out.value = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
  out.hash = h;
  return true;
}

/** `a[ai, ai + n)` equals `b[bi, bi + n)`; a JS loop, cheaper than a native call for a few dozen bytes. */
function sameBytes(a: Uint8Array, ai: number, b: Uint8Array, bi: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (a[ai + k] !== b[bi + k]) return false;
  return true;
}

/**
 * One pass over the line starting at `start` in `bytes[…, limit)`: finds its end (`\n`, a `\r`
 * before it or before `limit` dropped, as the packet splitter does) and, when it is a fast-path
 * candidate, its parts as `scanFast` does. Returns whether it is a candidate; `out.end` and
 * `out.next` are set either way.
 */
export function scanLine(bytes: Buffer, start: number, limit: number, out: FastLine): boolean {
  let i = start;
  let h = FNV_BASIS;
  let plain = true;
  let c = 0;
  while (i < limit) {
    c = bytes[i]!;
    if (c === 58 || c === 10 || c === 124) break;
    h = Math.imul(h ^ c, FNV_PRIME);
    i++;
  }
  if (i === start || c !== 58 || i >= limit) plain = false;
  const colon = i;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  if (plain) {
    i++;
    while (i < limit) {
      c = bytes[i]!;
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === 46 && fraction < 0 && digits > 0) fraction = 0;
      else break;
      i++;
    }
    if (i >= limit || c !== 124 || digits === 0 || digits > 15 || fraction === 0) plain = false;
  }
  const bar = i;
  // The rest of the line: hashed while it is a candidate, scanned for the line end either way.
  while (i < limit) {
    c = bytes[i]!;
    if (c === 10 || (c === 13 && (i + 1 === limit || bytes[i + 1] === 10))) break;
    if (plain) h = Math.imul(h ^ c, FNV_PRIME);
    i++;
  }
  // A `\r\n` met before the rest (in a name, say): the `\r` is not part of the line either.
  out.end = i > start && bytes[i - 1] === 13 && (i === limit || bytes[i] === 10) ? i - 1 : i;
  while (i < limit && bytes[i] !== 10) i++;
  out.next = i + 1;
  if (!plain) return false;
  out.colon = colon;
  out.bar = bar;
  out.value = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
  out.hash = h;
  return true;
}

export class LineMemo {
  readonly #buckets = new Map<number, MemoEntry>();
  #size = 0;

  constructor(readonly max: number) {}

  /** The live entry for the line scanned into `line`, or undefined. */
  find(bytes: Buffer, start: number, end: number, line: FastLine): MemoEntry | undefined {
    const nameLength = line.colon - start;
    const length = nameLength + end - line.bar;
    for (let e = this.#buckets.get(line.hash); e !== undefined; e = e.next) {
      if (e.ident.length !== length || e.nameLength !== nameLength) continue;
      if (!sameBytes(e.ident, 0, bytes, start, nameLength) || !sameBytes(e.ident, nameLength, bytes, line.bar, end - line.bar)) continue;
      return e.state.dead ? undefined : e;
    }
    return undefined;
  }

  /** Remembers the identity of the line scanned into `line` (replacing a dead entry for it). */
  remember(bytes: Buffer, start: number, end: number, line: FastLine, state: SeriesState, rate: number, apply: Apply): void {
    const nameLength = line.colon - start;
    const ident = Buffer.concat([bytes.subarray(start, line.colon), bytes.subarray(line.bar, end)]);
    let head = this.#buckets.get(line.hash);
    // Drop entries of series that were forgotten, so the chain stays short.
    while (head !== undefined && head.state.dead) {
      head = head.next;
      this.#size--;
    }
    for (let e = head; e !== undefined; e = e.next) {
      while (e.next !== undefined && e.next.state.dead) {
        e.next = e.next.next;
        this.#size--;
      }
    }
    if (this.#size >= this.max) {
      if (head === undefined) this.#buckets.delete(line.hash);
      else this.#buckets.set(line.hash, head);
      return;
    }
    this.#buckets.set(line.hash, { ident, nameLength, state, rate, apply, next: head });
    this.#size++;
  }
}
