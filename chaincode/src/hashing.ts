import { createHash } from 'node:crypto';

/**
 * Canonical JSON and SHA-256, written again here because chaincode ships on its own and cannot
 * import the swaybot project. It must produce the very bytes `json/canonical.ts` produces
 * (keys sorted by UTF-16 code units, no whitespace, undefined members dropped):
 * test/fabric/chaincode-hash.test.ts checks that on random events.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => normalise(v));
  if (typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(source).sort()) {
    if (source[key] !== undefined) sorted[key] = normalise(source[key]);
  }
  return sorted;
}

/** Lowercase hex SHA-256 of a string (UTF-8) or bytes. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
