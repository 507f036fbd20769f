/**
 * The plan's content hash: sha256 over canonical JSON (keys sorted at every
 * level), so the same runbook always gets the same hash whatever the key
 * order in memory.
 */
import { createHash } from 'node:crypto';
import type { Plan } from '../plan/types.js';

/** JSON with object keys sorted; `undefined` members are dropped like JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}

/** sha256 hex of the canonical JSON of a plan without its `hash`. */
export function hashPlan(plan: Omit<Plan, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...rest } = plan;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}
