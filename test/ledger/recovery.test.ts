import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EmbeddedLedger } from '../../ledger/index.js';
import { startWriter, stepEvent, tempLedgerDir } from './support.js';

const SEGMENT = 'segment-000001.log';

/** Two ledgers written alike, one with one more batch: the extra bytes are exactly that batch. */
async function ledgerWithExtraBatch(): Promise<{ dir: string; base: Buffer; full: Buffer }> {
  const [short, long] = [tempLedgerDir(), tempLedgerDir()];
  for (const [dir, count] of [[short, 3], [long, 4]] as const) {
    const ledger = await EmbeddedLedger.open({ dir });
    for (let n = 0; n < count; n++) await ledger.append(stepEvent(n));
    await ledger.close();
  }
  return { dir: long, base: readFileSync(join(short, SEGMENT)), full: readFileSync(join(long, SEGMENT)) };
}

describe('embedded ledger recovery', () => {
  it('cuts a batch whose commit record is torn, reports it, and takes the retried append', async () => {
    const { dir, base, full } = await ledgerWithExtraBatch();
    expect(full.subarray(0, base.length).equals(base)).toBe(true);
    const eventFrameEnd = full.indexOf(0x0a, base.length) + 1;
    const torn = full.subarray(0, eventFrameEnd + Math.floor((full.length - eventFrameEnd) / 2));
    writeFileSync(join(dir, SEGMENT), torn);

    const warnings: string[] = [];
    const ledger = await EmbeddedLedger.open({ dir, warn: (_fields, message) => warnings.push(message) });
    expect(ledger.recovery).toMatchObject({
      clean: false,
      droppedBytes: torn.length - base.length,
      droppedEventIds: [stepEvent(3).id],
      truncatedAt: { segment: SEGMENT, offset: base.length },
    });
    expect(warnings).toEqual([`ledger recovery dropped a torn tail: 1 unacknowledged event(s), ${torn.length - base.length} byte(s)`]);
    expect(readFileSync(join(dir, SEGMENT)).equals(base)).toBe(true);
    expect(await ledger.get(stepEvent(3).id)).toBeUndefined();
    expect(await ledger.query()).toHaveLength(3);

    // The activity behind the lost append is retried: it lands as batch 4.
    expect(await ledger.append(stepEvent(3))).toMatchObject({ batch: 4, index: 0 });
    expect(await ledger.verify()).toMatchObject({ ok: true, events: 4, batches: 4 });
    await ledger.close();
    expect(readFileSync(join(dir, SEGMENT)).equals(full)).toBe(true);
  });

  it('cuts a partial frame with no newline and reports the bytes', async () => {
    const { dir, base, full } = await ledgerWithExtraBatch();
    writeFileSync(join(dir, SEGMENT), full.subarray(0, base.length + 25));
    const ledger = await EmbeddedLedger.open({ dir, warn: () => {} });
    expect(ledger.recovery).toMatchObject({ clean: false, droppedBytes: 25, droppedEventIds: [] });
    expect(await ledger.verify()).toMatchObject({ ok: true, events: 3 });
    await ledger.close();
  });

  it('keeps every acknowledged event when the writer is SIGKILLed mid-stream', async () => {
    const dir = tempLedgerDir();
    const writer = startWriter(dir);
    const { child, exited } = writer;
    await writer.waitForAcks(500);
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Only whole lines count: a line cut by the kill was not fully acknowledged to us.
    const acked = writer.acked();
    expect(acked.length).toBeGreaterThanOrEqual(500);
    // The killed writer's folder lock is stale: reopening takes it over.
    const ledger = await EmbeddedLedger.open({ dir, warn: () => {} });
    for (const id of acked) expect(await ledger.get(id), id).toBeDefined();
    expect(ledger.recovery.droppedEventIds.filter((id) => acked.includes(id))).toEqual([]);
    const report = await ledger.verify();
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(report.events).toBeGreaterThanOrEqual(acked.length);
    await ledger.close();
  });
});
