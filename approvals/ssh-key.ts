/**
 * Signing approvals with a person's own SSH key, in Node (the CLI): reads an OpenSSH ed25519
 * private key file (`ssh-keygen -t ed25519`). An unencrypted key signs here; a passphrase-protected
 * one signs through a running ssh-agent that holds it (`ssh-add`), found by `SSH_AUTH_SOCK`.
 * Both produce what `ssh-keygen -Y sign -n swaybot-approval` would.
 */
import { readFileSync } from 'node:fs';
import { agentSign } from './ssh-agent.js';
import { APPROVAL_NAMESPACE, armor, fingerprint, keyFromBlob, publicKeyLine, signedData, signWithSeed } from './sshsig.js';
import { ascii, equalBytes, fromBase64, SshReader } from './ssh-wire.js';

const BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const END = '-----END OPENSSH PRIVATE KEY-----';
const AUTH_MAGIC = 'openssh-key-v1\0';

/** A key that signs approvals. */
export interface SigningKey {
  /** The file it was read from. */
  path: string;
  /** `ssh-ed25519 AAAA… comment`, as the directory lists it. */
  publicKey: string;
  /** `SHA256:…` of the public key. */
  fingerprint: string;
  /** How it signs: here, or through ssh-agent (the file's key is passphrase-protected). */
  via: 'file' | 'agent';
  /** The armored SSHSIG of `message` in the approval namespace. */
  sign(message: string): Promise<string>;
}

/** A key file that cannot sign: missing, not an ed25519 OpenSSH key, or encrypted with no agent to ask. */
export class SigningKeyError extends Error {
  override name = 'SigningKeyError';
}

/** Reads the OpenSSH private key at `path`; see the module comment for encrypted keys. */
export function readSigningKey(path: string, env: NodeJS.ProcessEnv = process.env): SigningKey {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SigningKeyError(code === 'ENOENT' ? `No SSH key at ${path}` : `Cannot read the SSH key ${path}: ${(err as Error).message}`);
  }
  const parsed = parsePrivateKey(text, path);
  const publicKey = publicKeyLine(parsed.key, parsed.comment);
  const base = { path, publicKey, fingerprint: fingerprint(parsed.blob) };
  if (parsed.seed) {
    const seed = parsed.seed;
    return { ...base, via: 'file', sign: (message) => Promise.resolve(signWithSeed(message, seed)) };
  }
  const socket = env['SSH_AUTH_SOCK'];
  if (!socket) {
    throw new SigningKeyError(
      `The SSH key ${path} is protected by a passphrase, and no ssh-agent is running to sign with it (SSH_AUTH_SOCK is not set): ` +
        `start one and \`ssh-add ${path}\`, or use an unencrypted key made for swaybot (ssh-keygen -t ed25519 -N '' -f ~/.ssh/swaybot_ed25519)`,
    );
  }
  return {
    ...base,
    via: 'agent',
    async sign(message) {
      const data = signedData(message, APPROVAL_NAMESPACE);
      const blob = await agentSign(socket, parsed.blob, data).catch((err: unknown) => {
        throw new SigningKeyError(`ssh-agent could not sign with ${path} (${(err as Error).message}); is it added? \`ssh-add ${path}\``);
      });
      const r = new SshReader(blob);
      if (r.text() !== 'ssh-ed25519') throw new SigningKeyError('ssh-agent answered with a signature that is not ed25519');
      return armor(parsed.blob, r.string(), APPROVAL_NAMESPACE);
    },
  };
}

interface ParsedPrivateKey {
  key: Uint8Array;
  blob: Uint8Array;
  comment: string;
  /** The 32-byte seed; undefined when the file is encrypted. */
  seed?: Uint8Array;
}

/** Parses the `openssh-key-v1` format; throws `SigningKeyError` naming what is wrong. */
export function parsePrivateKey(text: string, path = 'the key'): ParsedPrivateKey {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    const hint = /BEGIN (RSA |EC |DSA )?PRIVATE KEY/.test(text) ? ' (it is a PEM key; swaybot reads OpenSSH ed25519 keys: ssh-keygen -t ed25519)' : '';
    throw new SigningKeyError(`${path} is not an OpenSSH private key${hint}`);
  }
  try {
    const r = new SshReader(fromBase64(text.slice(start + BEGIN.length, end)));
    if (ascii(r.raw(AUTH_MAGIC.length)) !== AUTH_MAGIC) throw new Error('not openssh-key-v1');
    const cipher = r.text();
    r.text(); // kdf name
    r.string(); // kdf options
    if (r.u32() !== 1) throw new Error('it holds more than one key');
    const blob = r.string();
    const { key } = keyFromBlobOrExplain(blob, path);
    if (cipher !== 'none') return { key, blob: Uint8Array.from(blob), comment: '' };
    const priv = new SshReader(r.string());
    if (priv.u32() !== priv.u32()) throw new Error('its check bytes do not match');
    if (priv.text() !== 'ssh-ed25519') throw new Error('its private part is not ed25519');
    const pub = priv.string();
    const secret = priv.string();
    const comment = new TextDecoder().decode(priv.string());
    if (secret.length !== 64 || !equalBytes(pub, key) || !equalBytes(secret.subarray(32), key)) throw new Error('its private part does not match its public key');
    return { key, blob: Uint8Array.from(blob), comment, seed: Uint8Array.from(secret.subarray(0, 32)) };
  } catch (err) {
    if (err instanceof SigningKeyError) throw err;
    throw new SigningKeyError(`${path} cannot be read as an OpenSSH ed25519 key: ${(err as Error).message}`);
  }
}

function keyFromBlobOrExplain(blob: Uint8Array, path: string): { key: Uint8Array } {
  try {
    return keyFromBlob(blob);
  } catch (err) {
    throw new SigningKeyError(`${path} is not an ed25519 key (${(err as Error).message}); swaybot approvals use ed25519: ssh-keygen -t ed25519`);
  }
}
