/** Incident keys: the workflow id an alert lands on. */

/** FNV-1a, 32-bit, as 8 hex digits: a short, deterministic fingerprint (not for security). */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

const SAFE = /^[A-Za-z0-9._-]{1,80}$/;

/**
 * The workflow id of the incident for a service and dedupe key: `incident-<service>-<key>`.
 * Parts that are not plain `[A-Za-z0-9._-]` (or are long) are shortened and given a hash of the
 * original, so distinct keys never share a workflow and the same key always lands on one.
 */
export function incidentWorkflowId(service: string, dedupeKey: string): string {
  const part = (s: string) => (SAFE.test(s) ? s : `${s.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40)}~${fnv1a(s)}`);
  return `incident-${part(service)}-${part(dedupeKey)}`;
}
