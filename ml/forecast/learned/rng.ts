/**
 * A small seeded pseudo-random generator (mulberry32), so that window sampling and shuffling
 * during training are reproducible for a fixed seed; `Math.random` is never used.
 */
export type Random = () => number;

/** Uniform in [0, 1), deterministic for a given 32-bit seed: the same mulberry32 the telemetry reservoir uses. */
export { mulberry32 } from '../../../telemetry/rollup/sampling.js';

/** An integer in [0, n). */
export function randomInt(random: Random, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}

/** Derives a well-mixed 31-bit seed from a base seed and a salt (member, layer, …). */
export function subSeed(seed: number, salt: number): number {
  let h = Math.imul((seed ^ 0x9e3779b9) >>> 0, 0x85ebca6b) ^ Math.imul(salt + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x27d4eb2f);
  h ^= h >>> 15;
  return (h >>> 0) % 2147483647;
}
