import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedLedger, LedgerUnavailableError } from '../../ledger/index.js';
import { stepEvent, tempLedgerDir } from './support.js';

const SEGMENT = 'segment-000001.log';

/** Four acknowledged batches of one event each; returns the folder and where the last commit record starts. */
async function ledger4(): Promise<{ dir: string; path: string; lastCommit: number }> {
  const dir = tempLedgerDir();
  const ledger = await EmbeddedLedger.open({ dir });
  for (let n = 0; n < 4; n++) await ledger.append(stepEvent(n));
  await ledger.close();
  const path = join(dir, SEGMENT);
  const bytes = readFileSync(path);
  return { dir, path, lastCommit: bytes.lastIndexOf(0x0a, bytes.length - 2) + 1 };
}

describe('a damaged record at the end of the log', () => {
  const damages: [string, (frame: Buffer) => void][] = [
    ['its frame header', (frame) => void (frame[0] = 'z'.charCodeAt(0))],
    ['its body', (frame) => frame.write('"k":"kommit"', frame.indexOf('"k":"commit"'))],
  ];

  for (const [what, damage] of damages) {
    it(`keeps the acknowledged last batch whose commit record has a damaged ${what.replace('its ', '')}, reports it, and refuses appends`, async () => {
      const { dir, path, lastCommit } = await ledger4();
      const bytes = readFileSync(path);
      damage(bytes.subarray(lastCommit));
      writeFileSync(path, bytes);

      const warnings: string[] = [];
      const ledger = await EmbeddedLedger.open({ dir, warn: (_f, message) => warnings.push(message) });
      // Nothing cut: the record is complete on disk, so no crash tore it.
      expect(readFileSync(path).equals(bytes)).toBe(true);
      expect(ledger.recovery).toMatchObject({ clean: true, droppedBytes: 0, droppedEventIds: [] });
      expect(ledger.recovery.problems).toContainEqual(
        expect.objectContaining({ segment: SEGMENT, offset: lastCommit, reason: expect.stringMatching(/damaged record .*not a torn write.*nothing is cut/) }),
      );
      expect(warnings).toEqual([expect.stringMatching(/ends in damaged records after its last commit record: kept, not cut; appends refused/)]);
      await expect(ledger.append(stepEvent(9))).rejects.toThrow(LedgerUnavailableError);
      await expect(ledger.append(stepEvent(9))).rejects.toThrow(/ends in damaged records after its last readable commit record/);
      expect(await ledger.verify()).toMatchObject({ ok: false });
      await ledger.close();
      expect(readFileSync(path).equals(bytes)).toBe(true);

      const reader = await EmbeddedLedger.open({ dir, readOnly: true });
      const report = await reader.verify();
      expect(report.ok).toBe(false);
      expect(report.uncommitted).toBeUndefined();
      expect(report.problems.map((p) => p.offset)).toContain(lastCommit);
      await reader.close();
    });
  }

  it('keeps a complete event record after the last commit that does not continue the chain', async () => {
    const { dir, path } = await ledger4();
    const bytes = readFileSync(path);
    const firstEvent = bytes.subarray(0, bytes.indexOf(0x0a) + 1);
    // A copy of record 0 at the end: complete, readable, but not what the next batch would be.
    const damaged = Buffer.concat([bytes, firstEvent]);
    writeFileSync(path, damaged);
    const ledger = await EmbeddedLedger.open({ dir, warn: () => {} });
    expect(readFileSync(path).equals(damaged)).toBe(true);
    expect(ledger.recovery.problems).toContainEqual(expect.objectContaining({ offset: bytes.length, reason: expect.stringMatching(/does not continue the chain/) }));
    await ledger.close();
  });

  it('still cuts a torn tail: whole event records that continue the chain, then a fragment', async () => {
    const { dir, path } = await ledger4();
    const full = readFileSync(path);
    const writer = await EmbeddedLedger.open({ dir });
    await writer.append(stepEvent(4));
    await writer.close();
    const withBatch5 = readFileSync(path);
    const eventEnd = withBatch5.indexOf(0x0a, full.length) + 1;
    writeFileSync(path, withBatch5.subarray(0, eventEnd + 7));
    const ledger = await EmbeddedLedger.open({ dir, warn: () => {} });
    expect(ledger.recovery).toMatchObject({ clean: false, droppedEventIds: [stepEvent(4).id], problems: [] });
    expect(readFileSync(path).equals(full)).toBe(true);
    await ledger.close();
  });
});
