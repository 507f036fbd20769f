import type { Health } from './types.js';

const RANK: Record<Health, number> = { ok: 0, unknown: 1, warning: 2, critical: 3 };

/** IPMI sensor status words: ok, nc (non-critical), cr (critical), nr (non-recoverable), ns (no reading). */
export function ipmiHealth(status: string): Health {
  const s = status.toLowerCase();
  if (s === 'ok') return 'ok';
  if (s === 'nc') return 'warning';
  if (s === 'cr' || s === 'nr') return 'critical';
  return 'unknown';
}

/** Redfish `Status.Health` (OK, Warning, Critical); anything else (e.g. a State) is unknown. */
export function redfishHealth(status: string): Health {
  const s = status.toLowerCase();
  if (s === 'ok') return 'ok';
  if (s === 'warning') return 'warning';
  if (s === 'critical') return 'critical';
  return 'unknown';
}

/** The worst of several health values; `ok` for none. */
export function worstHealth(values: Iterable<Health>): Health {
  let worst: Health = 'ok';
  for (const h of values) if (RANK[h] > RANK[worst]) worst = h;
  return worst;
}
