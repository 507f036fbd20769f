/**
 * The plan's content hash: sha256 over canonical JSON (keys sorted at every
 * level), so the same runbook always gets the same hash whatever the key
 * order in memory.
 */
import { canonicalJson, sha256Hex } from '../json/canonical.js';
import type { Plan } from '../plan/types.js';

export { canonicalJson };

/** sha256 hex of the canonical JSON of a plan without its `hash`. */
export function hashPlan(plan: Omit<Plan, 'hash'> & { hash?: string }): string {
  const { hash: _ignored, ...rest } = plan;
  return sha256Hex(canonicalJson(rest));
}
