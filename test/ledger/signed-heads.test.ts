import { chmodSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmbeddedLedger, eventHash, leafHash, merkleRoot, type SignedHead } from '../../ledger/index.js';
import { checkHeads, defaultKeysDir, LogTree, rotateHeadKey, signatureProblem, trustedKeysIn } from '../../ledger/heads.js';
import { sha256Hex } from '../../json/canonical.js';
import { stepEvent, tempLedgerDir } from './support.js';
import { cutLastBatch, rewriteLastEvent } from './tamper.js';

const SEGMENT = 'segment-000001.log';

/** Three batches (2, 1 and 1 events); returns the head of each receipt, oldest first. */
async function writeLedger(dir: string, options: { maxSegmentBytes?: number } = {}): Promise<SignedHead[]> {
  const ledger = await EmbeddedLedger.open({ dir, ...options });
  const heads: SignedHead[] = [];
  const first = await Promise.all([0, 1].map((n) => ledger.append(stepEvent(n))));
  heads.push(first[0]!.head!);
  for (const n of [2, 3]) heads.push((await ledger.append(stepEvent(n))).head!);
  await ledger.close();
  return heads;
}

async function verifyWith(dir: string, heads: SignedHead[]) {
  const reader = await EmbeddedLedger.open({ dir, readOnly: true });
  try {
    return await reader.verify({ heads, keys: await trustedKeysIn(defaultKeysDir(dir)) });
  } finally {
    await reader.close();
  }
}

describe('log tree', () => {
  it('has the RFC 6962 root of all leaves so far, for every size', () => {
    fc.assert(
      fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 80 }), (seeds) => {
        const leaves = seeds.map((s) => leafHash(sha256Hex(s)));
        const tree = new LogTree();
        leaves.forEach((leaf, i) => {
          tree.push(leaf);
          expect(tree.root()).toBe(merkleRoot(leaves.slice(0, i + 1)));
        });
      }),
      { numRuns: 40 },
    );
    expect(new LogTree().root()).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
});

describe('signed heads', () => {
  it('every receipt carries a head signed by a key kept outside the ledger folder, created 0600 on first use', async () => {
    const dir = tempLedgerDir();
    const heads = await writeLedger(dir);
    expect(heads.map((h) => h.size)).toEqual([2, 3, 4]);

    const keys = defaultKeysDir(dir);
    expect(keys).toBe(join(dirname(dir), 'keys'));
    expect(readdirSync(dir).filter((n) => n.includes('key'))).toEqual([]);
    expect(statSync(join(keys, 'ledger-head.key')).mode & 0o777).toBe(0o600);
    expect(statSync(keys).mode & 0o077).toBe(0);
    const trusted = await trustedKeysIn(keys);
    expect(trusted.map((k) => k.id)).toEqual([heads[0]!.keyId]);
    for (const head of heads) expect(signatureProblem(head, trusted)).toBeUndefined();

    // The root is the RFC 6962 root over every event so far, across batches.
    const reader = await EmbeddedLedger.open({ dir, readOnly: true });
    const leaves = (await reader.query()).map((e) => leafHash(eventHash(e)));
    await reader.close();
    expect(heads[2]!.root).toBe(merkleRoot(leaves));

    // Reopening keeps the key; a retried append's receipt carries the current head.
    const again = await EmbeddedLedger.open({ dir });
    const retry = await again.append(stepEvent(1));
    expect(retry.head).toMatchObject({ size: 4, root: heads[2]!.root, keyId: heads[0]!.keyId });
    expect(again.signedHead()).toMatchObject({ size: 4 });
    await again.close();
  });

  it('holds a healthy ledger, and one that grew since, to its heads', async () => {
    const dir = tempLedgerDir();
    const heads = await writeLedger(dir);
    const ledger = await EmbeddedLedger.open({ dir });
    await ledger.append(stepEvent(4));
    await ledger.close();
    const report = await verifyWith(dir, heads);
    expect(report.heads!.map((h) => h.ok)).toEqual([true, true, true]);
    expect(report.ok).toBe(true);
  });

  it('fails a ledger cut back by its last batch: shorter than the head', async () => {
    const dir = tempLedgerDir();
    const heads = await writeLedger(dir);
    cutLastBatch(join(dir, SEGMENT));
    const report = await verifyWith(dir, heads);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.heads![2]).toMatchObject({ ok: false, reason: expect.stringMatching(/holds 3 committed event\(s\), but this head was signed over 4: 1 acknowledged event\(s\) are missing \(truncated\)/) });
    expect(report.heads!.slice(0, 2).map((h) => h.ok)).toEqual([true, true]);
  });

  it('fails a ledger whose last segment was deleted', async () => {
    const dir = tempLedgerDir();
    const heads = await writeLedger(dir, { maxSegmentBytes: 1 });
    const segments = readdirSync(dir).filter((n) => n.startsWith('segment-')).sort();
    expect(segments).toHaveLength(3);
    unlinkSync(join(dir, segments.at(-1)!));
    const report = await verifyWith(dir, heads);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.heads![2]!.reason).toMatch(/truncated/);
  });

  it('fails a ledger whose last event was rewritten with its chain, root and commit recomputed', async () => {
    const dir = tempLedgerDir();
    const heads = await writeLedger(dir);
    rewriteLastEvent(join(dir, SEGMENT), (e) => void (e.actor = 'mallory'));
    const report = await verifyWith(dir, heads);
    // The folder alone is self-consistent again: only the signed head catches it.
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(false);
    expect(report.heads![2]).toMatchObject({ ok: false, reason: expect.stringMatching(/first 4 event\(s\) hash to [0-9a-f]{16}…, not the signed root .*rewritten/) });
    expect(report.heads![1]!.ok).toBe(true);
  });

  it('refuses heads that were altered, or signed by a key that is not trusted', async () => {
    const dir = tempLedgerDir();
    const [head] = await writeLedger(dir);
    const [foreign] = await writeLedger(tempLedgerDir());
    const checks = checkHeads([], [{ ...head!, size: 1 }, foreign!], await trustedKeysIn(defaultKeysDir(dir)));
    expect(checks[0]!.reason).toMatch(/signature does not verify/);
    expect(checks[1]!.reason).toMatch(/not a trusted head key/);
  });

  it('refuses a key inside the ledger folder or readable by others', async () => {
    const dir = tempLedgerDir();
    await expect(EmbeddedLedger.open({ dir, headKey: join(dir, 'head.key') })).rejects.toThrow(/must live outside the ledger folder/);
    await writeLedger(dir);
    const key = join(defaultKeysDir(dir), 'ledger-head.key');
    chmodSync(key, 0o644);
    await expect(EmbeddedLedger.open({ dir })).rejects.toThrow(/can be read by other users \(mode 644\)/);
    chmodSync(key, 0o600);
    // The failed open let go of the folder lock.
    await (await EmbeddedLedger.open({ dir })).close();
  });

  it('rotates the key: the old public key stays trusted, new heads use the new key', async () => {
    const dir = tempLedgerDir();
    const heads = await writeLedger(dir);
    const key = join(defaultKeysDir(dir), 'ledger-head.key');
    const { retired, current } = await rotateHeadKey(key, dir);
    expect(retired).toBe(heads[0]!.keyId);
    expect(current).not.toBe(retired);
    const ledger = await EmbeddedLedger.open({ dir });
    const next = (await ledger.append(stepEvent(9))).head!;
    await ledger.close();
    expect(next.keyId).toBe(current);
    const report = await verifyWith(dir, [...heads, next]);
    expect(report.heads!.every((h) => h.ok)).toBe(true);
    expect(readdirSync(defaultKeysDir(dir)).sort()).toEqual(['ledger-head-' + retired.slice(0, 16) + '.pub', 'ledger-head.key', 'ledger-head.pub']);
  });
});
