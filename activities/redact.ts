/** Keys whose values never reach a log line (matched case-insensitively, anywhere in the key). */
const SECRET_KEY = /authorization|cookie|token|secret|password|passwd|api[-_]?key/i;

/** A copy of `value` with secret-looking keys replaced by `[redacted]`, at any depth. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : redact(v, depth + 1);
  return out;
}
