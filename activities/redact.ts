/**
 * Keys whose values never reach a log line (matched case-insensitively, anywhere in the key); also
 * the response headers `http.request` leaves out of its output (`set-cookie`, `x-auth-token`…).
 */
export const SECRET_KEY = /authorization|cookie|token|secret|password|passwd|api[-_]?key/i;

/** Objects nested deeper than this are replaced whole: their keys are never looked at, so never leaked. */
export const MAX_REDACT_DEPTH = 8;
export const TOO_DEEP = '[too deep]';

/**
 * A copy of `value` with secret-looking keys replaced by `[redacted]`, at any depth: an
 * object or array below `MAX_REDACT_DEPTH` levels (or part of a cycle) becomes `[too deep]`.
 */
export function redact(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_REDACT_DEPTH) return TOO_DEEP;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(v, depth + 1);
  return out;
}
