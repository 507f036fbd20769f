import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { link, mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fsyncDir } from './embedded/fs-sync.js';
import { keyIdOf, type TrustedKey } from './signed-head.js';

/**
 * The head signing key lives outside the ledger folder: whoever can rewrite the segments must
 * not thereby be able to sign heads for the rewritten log. Default: `keys/ledger-head.key`
 * beside the ledger folder, which with the default configuration is `<stateDir>/keys/`. The
 * public half sits next to it as `ledger-head.pub`; retired public keys as `ledger-head-<id>.pub`.
 */
export const HEAD_KEY_FILE = 'ledger-head.key';
const PUBLIC_FILE = 'ledger-head.pub';
const TRUSTED = /^ledger-head(-[0-9a-f]{16})?\.pub$/;

/** Where a ledger folder's head key lives unless configured otherwise. */
export function defaultHeadKeyPath(ledgerDir: string): string {
  return join(defaultKeysDir(ledgerDir), HEAD_KEY_FILE);
}

/** The keys folder beside a ledger folder. */
export function defaultKeysDir(ledgerDir: string): string {
  return join(dirname(resolve(ledgerDir)), 'keys');
}

const publicPath = (keyPath: string): string => join(dirname(keyPath), PUBLIC_FILE);
const pem = (key: KeyObject, type: 'pkcs8' | 'spki'): string => key.export({ format: 'pem', type }) as string;

/** A loaded signing key. */
export interface HeadKey {
  privateKey: KeyObject;
  keyId: string;
  path: string;
}

/**
 * Loads the head signing key at `keyPath`, creating it (ed25519, mode 0600, in a 0700 folder)
 * on first use. Refuses a key inside the ledger folder and a key file others can read.
 * Creation is atomic: two processes starting together end up with the same key.
 */
export async function loadHeadKey(keyPath: string, ledgerDir: string): Promise<HeadKey> {
  const path = resolve(keyPath);
  const inside = relative(resolve(ledgerDir), path);
  if (!inside.startsWith('..') && !isAbsolute(inside)) {
    throw new Error(`The ledger head key \`${path}\` must live outside the ledger folder \`${resolve(ledgerDir)}\``);
  }
  let text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  text ??= await createKeyFile(path);
  const { mode } = await stat(path);
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new Error(`The ledger head key \`${path}\` can be read by other users (mode ${(mode & 0o777).toString(8)}); run \`chmod 600 ${path}\``);
  }
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(text);
  } catch {
    throw new Error(`The ledger head key \`${path}\` is not a PEM private key`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`The ledger head key \`${path}\` is not an ed25519 key`);
  const publicKey = createPublicKey(privateKey);
  // Verifiers read the public half; write it back if it went missing.
  const pub = await readFile(publicPath(path), 'utf8').catch(() => undefined);
  if (pub !== pem(publicKey, 'spki')) await writeAtomically(publicPath(path), pem(publicKey, 'spki'), 0o644);
  return { privateKey, keyId: keyIdOf(publicKey), path };
}

async function createKeyFile(path: string): Promise<string> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  const text = pem(privateKey, 'pkcs8');
  const tmp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  await writeDurably(tmp, text, 0o600);
  try {
    // link() never replaces: if another process made the key first, theirs wins.
    await link(tmp, path);
    await fsyncDir(dir);
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(path, 'utf8');
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

/** Creates `path` (it must not exist) with `text`, fsynced. */
async function writeDurably(path: string, text: string, mode: number): Promise<void> {
  const fh = await open(path, 'wx', mode);
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeDurably(tmp, text, mode);
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}

/**
 * The public keys trusted to have signed heads: `ledger-head.pub` and every retired
 * `ledger-head-<id>.pub` in `keysDir`. A missing folder trusts nothing.
 */
export async function trustedKeysIn(keysDir: string): Promise<TrustedKey[]> {
  const names = await readdir(keysDir).catch(() => [] as string[]);
  return Promise.all(names.filter((n) => TRUSTED.test(n)).sort().map((n) => readPublicKey(join(keysDir, n))));
}

/** Reads one public key file (PEM, SPKI) as a trusted key. */
export async function readPublicKey(path: string): Promise<TrustedKey> {
  let key: KeyObject;
  try {
    key = createPublicKey(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`No public key file at \`${path}\``);
    throw new Error(`\`${path}\` is not a PEM public key`);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`\`${path}\` is not an ed25519 public key`);
  return { id: keyIdOf(key), key, source: path };
}

/**
 * Retires the head key at `keyPath` and creates a new one. The old public key stays trusted
 * as `ledger-head-<first 16 hex of its id>.pub`, so heads it signed still verify; the old
 * private key is deleted. A running writer keeps the key it loaded until it is reopened.
 */
export async function rotateHeadKey(keyPath: string, ledgerDir: string): Promise<{ retired: string; current: string }> {
  const old = await loadHeadKey(keyPath, ledgerDir);
  const dir = dirname(old.path);
  const retiredPub = join(dir, `ledger-head-${old.keyId.slice(0, 16)}.pub`);
  await writeAtomically(retiredPub, pem(createPublicKey(old.privateKey), 'spki'), 0o644);
  await unlink(old.path);
  await fsyncDir(dir);
  const next = await loadHeadKey(old.path, ledgerDir);
  return { retired: old.keyId, current: next.keyId };
}
