import { createHash, sign, verify, type KeyObject } from 'node:crypto';

/**
 * A signed tree head, as Certificate Transparency logs publish them (RFC 9162 §4.10): the
 * number of events committed, the log-wide Merkle root over them (`LogTree`), when it was
 * signed, and an ed25519 signature by the ledger's head key. It travels in receipts, so
 * workflow histories keep what the ledger held when each append was acknowledged; a ledger
 * cut short or rewritten no longer matches the heads it signed.
 */
export interface SignedHead {
  v: 1;
  /** Committed events the head covers: the first `size` leaves of the log. */
  size: number;
  /** RFC 6962 root over those leaves (lowercase hex). */
  root: string;
  /** When it was signed (ISO 8601, UTC). */
  time: string;
  /** sha256 (hex) of the raw 32-byte ed25519 public key that signed it. */
  keyId: string;
  /** ed25519 signature over `headMessage`, base64. */
  sig: string;
}

/** A public key trusted to sign heads, and where it was read from. */
export interface TrustedKey {
  id: string;
  key: KeyObject;
  source: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;

/** The exact bytes signed: a fixed label, then size, root and time, one per line. */
export function headMessage(head: Pick<SignedHead, 'size' | 'root' | 'time'>): Buffer {
  return Buffer.from(`swaybot ledger signed head v1\n${head.size}\n${head.root}\n${head.time}\n`, 'utf8');
}

/** Id of an ed25519 public key: sha256 of its raw 32 bytes, hex. */
export function keyIdOf(publicKey: KeyObject): string {
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return createHash('sha256').update(spki.subarray(spki.length - 32)).digest('hex');
}

/** Signs a head over `size` leaves with root `root`, timestamped `now`. */
export function signHead(privateKey: KeyObject, keyId: string, size: number, root: string, now = new Date()): SignedHead {
  const time = now.toISOString();
  const sig = sign(null, headMessage({ size, root, time }), privateKey).toString('base64');
  return { v: 1, size, root, time, keyId, sig };
}

/** Why `head`'s signature cannot be trusted, or undefined when a trusted key signed it. */
export function signatureProblem(head: SignedHead, keys: readonly TrustedKey[]): string | undefined {
  const key = keys.find((k) => k.id === head.keyId);
  if (!key) {
    const known = keys.length === 0 ? 'no trusted keys were found' : `trusted: ${keys.map((k) => k.id.slice(0, 16)).join(', ')}`;
    return `signed by key ${head.keyId.slice(0, 16)}…, which is not a trusted head key (${known})`;
  }
  const ok = verify(null, headMessage(head), key.key, Buffer.from(head.sig, 'base64'));
  return ok ? undefined : `signature does not verify with key ${head.keyId.slice(0, 16)}… (the head was altered or forged)`;
}

/** Checks the shape of one head; the problems, empty when it is well-formed. */
function headIssues(value: Record<string, unknown>): string[] {
  const issues: string[] = [];
  const extra = Object.keys(value).filter((k) => !['v', 'size', 'root', 'time', 'keyId', 'sig'].includes(k));
  if (extra.length > 0) issues.push(`unexpected field(s) ${extra.join(', ')}`);
  if (value.v !== 1) issues.push('v: expected 1');
  if (!Number.isSafeInteger(value.size) || (value.size as number) < 0) issues.push('size: expected a whole number');
  if (typeof value.root !== 'string' || !HEX64.test(value.root)) issues.push('root: expected 64 hex digits');
  if (typeof value.keyId !== 'string' || !HEX64.test(value.keyId)) issues.push('keyId: expected 64 hex digits');
  if (typeof value.time !== 'string' || !ISO.test(value.time) || Number.isNaN(Date.parse(value.time))) issues.push('time: expected an ISO instant in UTC');
  if (typeof value.sig !== 'string' || !/^[A-Za-z0-9+/]{86}==$/.test(value.sig)) issues.push('sig: expected a base64 ed25519 signature');
  return issues;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Every signed head in a parsed JSON value: a head itself, a receipt carrying one (`head`),
 * or arrays of these (what `ledgerRecord` returns). Something that looks like a head (it has
 * `sig` and `keyId`) but is malformed is an error naming the field, not silently skipped.
 */
export function headsIn(value: unknown): SignedHead[] {
  if (Array.isArray(value)) return value.flatMap(headsIn);
  if (!isObject(value)) return [];
  if ('sig' in value && 'keyId' in value) {
    const issues = headIssues(value);
    if (issues.length > 0) throw new TypeError(`Malformed signed head: ${issues.join('; ')}`);
    return [value as unknown as SignedHead];
  }
  return 'head' in value ? headsIn(value.head) : [];
}
