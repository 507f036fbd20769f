/** Reads `--head` and `--key` for `swaybot ledger verify|prove`: signed heads and the keys trusted to sign them. */
import { readFile } from 'node:fs/promises';
import { CliError } from '../errors.js';
import type { SignedHead, TrustedKey } from '../../ledger/index.js';

/** Commander collector for options given more than once. */
export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** What `--head` takes, for help texts. */
export const HEAD_FORMS = 'a signed head as JSON, or a file holding heads or receipts (JSON, a JSON array, or JSON lines)';

/** Parses JSON, else JSON lines; undefined when neither. */
function parseJsonish(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return text.split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as unknown);
    } catch {
      return undefined;
    }
  }
}

/**
 * Heads from each `--head` value: JSON given inline (it starts with `{` or `[`), else a file.
 * Receipts (objects with a `head`) and arrays of either count too. A value without any head is
 * a usage error, so a wrong file never passes as "nothing to check".
 */
export async function readHeads(values: readonly string[]): Promise<{ head: SignedHead; source: string }[]> {
  const { headsIn } = await import('../../ledger/heads.js');
  const found: { head: SignedHead; source: string }[] = [];
  for (const value of values) {
    const inline = /^\s*[[{]/.test(value);
    let text = value;
    if (!inline) {
      try {
        text = await readFile(value, 'utf8');
      } catch {
        throw new CliError(`Unexpected --head \`${value}\`: no such file, and not JSON (expected ${HEAD_FORMS})`, 2);
      }
    }
    const source = inline ? '--head' : value;
    const parsed = parseJsonish(text);
    if (parsed === undefined) throw new CliError(`Unexpected --head ${inline ? 'value' : `file \`${value}\``}: not JSON (expected ${HEAD_FORMS})`, 2);
    let heads: SignedHead[];
    try {
      heads = headsIn(parsed);
    } catch (error) {
      throw new CliError(`Unexpected --head ${inline ? 'value' : `file \`${value}\``}: ${(error as Error).message}`, 2);
    }
    if (heads.length === 0) throw new CliError(`Unexpected --head ${inline ? 'value' : `file \`${value}\``}: it holds no signed head (expected ${HEAD_FORMS})`, 2);
    for (const head of heads) found.push({ head, source });
  }
  return found;
}

/**
 * The public keys trusted to have signed heads: the `--key` files when given, else every
 * `ledger-head*.pub` in the keys folder beside the ledger folder (where the writer keeps them).
 */
export async function trustedKeys(keyFiles: readonly string[], ledgerDir: string): Promise<TrustedKey[]> {
  const { defaultKeysDir, readPublicKey, trustedKeysIn } = await import('../../ledger/heads.js');
  if (keyFiles.length === 0) return trustedKeysIn(defaultKeysDir(ledgerDir));
  try {
    return await Promise.all(keyFiles.map((f) => readPublicKey(f)));
  } catch (error) {
    throw new CliError(`Unexpected --key: ${(error as Error).message}`, 2);
  }
}
