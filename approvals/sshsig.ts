/**
 * SSH signatures as `ssh-keygen -Y sign` makes them (OpenSSH PROTOCOL.sshsig), for ed25519 keys:
 * parse an `ssh-ed25519 AAAA… comment` public key, read an armored `SSH SIGNATURE`, verify it
 * over a message for a namespace, and make one from a 32-byte ed25519 seed. Pure and
 * deterministic (@noble/curves, @noble/hashes; never Node's crypto module): the runbook workflow's
 * Update validator verifies approvals with it.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { concat, equalBytes, fromBase64, sshString, SshReader, toBase64, u32, utf8 } from './ssh-wire.js';

/** The namespace approvals are signed in: `ssh-keygen -Y sign -n swaybot-approval`. */
export const APPROVAL_NAMESPACE = 'swaybot-approval';

const KEY_TYPE = 'ssh-ed25519';
const MAGIC = utf8('SSHSIG');
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';
const HASHES: Record<string, (message: Uint8Array) => Uint8Array> = { sha512, sha256 };

/** An ed25519 public key as the directory lists it. */
export interface PublicKey {
  /** The 32-byte key. */
  key: Uint8Array;
  /** The SSH wire blob (`string "ssh-ed25519"`, `string key`). */
  blob: Uint8Array;
  comment: string;
}

/** Parses `ssh-ed25519 AAAA… [comment]`; throws with the reason for anything else (other key types included). */
export function parsePublicKey(line: string): PublicKey {
  const [type, data, ...comment] = line.trim().split(/\s+/);
  if (type !== KEY_TYPE) throw new Error(`Unexpected key type ${JSON.stringify(type ?? '')}, expected \`${KEY_TYPE}\` (make one with ssh-keygen -t ed25519)`);
  if (data === undefined) throw new Error('Unexpected key without its base64 part');
  const blob = fromBase64(data);
  return { ...keyFromBlob(blob), comment: comment.join(' ') };
}

/** The key in an SSH public key blob; throws unless it is ed25519. */
export function keyFromBlob(blob: Uint8Array): Omit<PublicKey, 'comment'> {
  const r = new SshReader(blob);
  const type = r.text();
  if (type !== KEY_TYPE) throw new Error(`Unexpected key type \`${type}\`, expected \`${KEY_TYPE}\``);
  const key = r.string();
  if (key.length !== 32 || r.remaining !== 0) throw new Error('Unexpected ed25519 key length, expected 32 bytes');
  return { key: Uint8Array.from(key), blob: Uint8Array.from(blob) };
}

/** The blob of a 32-byte ed25519 public key. */
export function blobOf(key: Uint8Array): Uint8Array {
  return concat(sshString(KEY_TYPE), sshString(key));
}

/** `SHA256:…` as `ssh-keygen -l` prints it: names the key in logs and decisions without the key itself. */
export function fingerprint(blob: Uint8Array): string {
  return `SHA256:${toBase64(sha256(blob)).replace(/=+$/, '')}`;
}

/** The one-line public key of a 32-byte ed25519 key. */
export function publicKeyLine(key: Uint8Array, comment = ''): string {
  return `${KEY_TYPE} ${toBase64(blobOf(key))}${comment ? ` ${comment}` : ''}`;
}

/** A parsed SSHSIG. */
export interface SshSignature {
  publicKey: Uint8Array;
  namespace: string;
  hashAlgorithm: string;
  /** The raw 64-byte ed25519 signature. */
  signature: Uint8Array;
}

/** Reads an armored (or bare base64) SSHSIG; throws with the reason when it is not one of ours to check. */
export function parseSignature(armored: string): SshSignature {
  const text = armored.trim();
  const body = text.startsWith(BEGIN) ? text.slice(BEGIN.length, text.indexOf(END) < 0 ? undefined : text.indexOf(END)) : text;
  if (text.startsWith(BEGIN) && !text.includes(END)) throw new Error(`Unexpected signature without \`${END}\``);
  const r = new SshReader(fromBase64(body));
  if (!equalBytes(r.raw(6), MAGIC)) throw new Error('Unexpected data, expected an SSH signature (SSHSIG)');
  const version = r.u32();
  if (version !== 1) throw new Error(`Unexpected SSHSIG version ${version}, expected 1`);
  const publicKey = r.string();
  const namespace = r.text();
  r.string(); // reserved
  const hashAlgorithm = r.text();
  const sig = new SshReader(r.string());
  const type = sig.text();
  if (type !== KEY_TYPE) throw new Error(`Unexpected signature type \`${type}\`, expected \`${KEY_TYPE}\``);
  const signature = sig.string();
  if (signature.length !== 64) throw new Error('Unexpected ed25519 signature length, expected 64 bytes');
  return { publicKey: Uint8Array.from(publicKey), namespace, hashAlgorithm, signature: Uint8Array.from(signature) };
}

/** The bytes an SSHSIG signs: the preamble, namespace, hash name and the hash of the message. */
export function signedData(message: Uint8Array | string, namespace: string, hashAlgorithm = 'sha512'): Uint8Array {
  const hash = HASHES[hashAlgorithm];
  if (!hash) throw new Error(`Unexpected hash algorithm \`${hashAlgorithm}\`, expected sha512 or sha256`);
  const bytes = typeof message === 'string' ? utf8(message) : message;
  return concat(MAGIC, sshString(namespace), sshString(''), sshString(hashAlgorithm), sshString(hash(bytes)));
}

/** The outcome of checking a signature against the keys a person may sign with. */
export type Verified = { ok: true; fingerprint: string } | { ok: false; reason: string };

/**
 * Checks `armored` over `message` in `namespace` against `keys` (public key lines): the signing
 * key must be one of them and the signature must verify. Never throws.
 */
export function verifySignature(message: string, armored: string, keys: readonly string[], namespace = APPROVAL_NAMESPACE): Verified {
  let sig: SshSignature;
  try {
    sig = parseSignature(armored);
  } catch (err) {
    return { ok: false, reason: `the signature cannot be read: ${(err as Error).message}` };
  }
  if (sig.namespace !== namespace) return { ok: false, reason: `the signature is for namespace \`${sig.namespace}\`, expected \`${namespace}\`` };
  const listed = keys.flatMap((line) => {
    try {
      return [parsePublicKey(line)];
    } catch {
      return [];
    }
  });
  const key = listed.find((k) => equalBytes(k.blob, sig.publicKey));
  if (!key) return { ok: false, reason: `it is signed with key ${fingerprint(sig.publicKey)}, which is not one of theirs` };
  let data: Uint8Array;
  try {
    data = signedData(message, namespace, sig.hashAlgorithm);
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
  let good = false;
  try {
    good = ed25519.verify(sig.signature, data, key.key, { zip215: false });
  } catch {
    good = false;
  }
  return good ? { ok: true, fingerprint: fingerprint(key.blob) } : { ok: false, reason: 'the signature does not match what was sent (altered, or signed for something else)' };
}

/** The armored SSHSIG, wrapped at 70 columns as ssh-keygen writes it. */
export function armor(publicKey: Uint8Array, signature: Uint8Array, namespace: string, hashAlgorithm = 'sha512'): string {
  const blob = concat(
    MAGIC,
    u32(1),
    sshString(publicKey),
    sshString(namespace),
    sshString(''),
    sshString(hashAlgorithm),
    sshString(concat(sshString(KEY_TYPE), sshString(signature))),
  );
  const b64 = toBase64(blob);
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 70) lines.push(b64.slice(i, i + 70));
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}

/** Signs `message` with the ed25519 key whose 32-byte seed is `seed`; the armored SSHSIG. */
export function signWithSeed(message: string, seed: Uint8Array, namespace = APPROVAL_NAMESPACE): string {
  const publicKey = ed25519.getPublicKey(seed);
  const signature = ed25519.sign(signedData(message, namespace), seed);
  return armor(blobOf(publicKey), signature, namespace);
}
