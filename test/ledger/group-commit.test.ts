import { afterEach, describe, expect, it } from 'vitest';
import { EmbeddedLedger, GroupCommitWriter } from '../../ledger/index.js';
import { stepEvent, tempLedgerDir } from './support.js';

const open: EmbeddedLedger[] = [];
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});

describe('group commit', () => {
  it('commits 1,000 concurrent appends as exactly 1,000 events in far fewer batches', async () => {
    const dir = tempLedgerDir();
    const ledger = await EmbeddedLedger.open({ dir });
    open.push(ledger);
    const receipts = await Promise.all(Array.from({ length: 1000 }, (_, n) => ledger.append(stepEvent(n))));
    expect(new Set(receipts.map((r) => r.eventId)).size).toBe(1000);
    const batches = new Set(receipts.map((r) => r.batch));
    expect(batches.size).toBe(ledger.stats.batches);
    expect(batches.size).toBeLessThanOrEqual(100);
    expect(await ledger.query()).toHaveLength(1000);
    expect(await ledger.verify()).toMatchObject({ ok: true, events: 1000, batches: batches.size });
  });

  it('writes the same 100 events appended twice concurrently only once', async () => {
    const ledger = await EmbeddedLedger.open({ dir: tempLedgerDir() });
    open.push(ledger);
    const events = Array.from({ length: 100 }, (_, n) => stepEvent(n));
    const [first, second] = await Promise.all([
      Promise.all(events.map((e) => ledger.append(e))),
      Promise.all(events.map((e) => ledger.append(e))),
    ]);
    expect(second).toEqual(first);
    // And once more after commit, as a retried activity would.
    expect(await Promise.all(events.map((e) => ledger.append(e)))).toEqual(first);
    expect(await ledger.verify()).toMatchObject({ ok: true, events: 100 });
  });

  it('verify returns, and reports clean, while appends keep streaming in', async () => {
    const ledger = await EmbeddedLedger.open({ dir: tempLedgerDir(), maxBatch: 8 });
    open.push(ledger);
    // Four chains of sequential appends keep batches being written while verify reads the files.
    let stop = false;
    const chain = async (c: number): Promise<void> => {
      for (let n = c; !stop || n < 400; n += 4) await ledger.append(stepEvent(n));
    };
    const appends = Promise.all([0, 1, 2, 3].map(chain));
    const reports = [];
    for (let i = 0; i < 10; i++) reports.push(await ledger.verify());
    stop = true;
    await appends;
    for (const report of reports) expect(report).toMatchObject({ ok: true, problems: [] });
    expect(await ledger.verify()).toMatchObject({ ok: true, events: (await ledger.query()).length });
  });

  it('rejects every waiter of a failed batch and goes on with the next', async () => {
    let fail = true;
    const written: number[][] = [];
    const writer = new GroupCommitWriter<number, string>(
      {
        writeBatch: async (items) => {
          await Promise.resolve();
          if (fail) throw new Error('disk full');
          written.push([...items]);
          return items.map((i) => `ok ${i}`);
        },
      },
      { maxBatch: 10, maxDelayMs: 1 },
    );
    const failed = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => writer.submit(i)));
    expect(failed.map((r) => r.status)).toEqual(Array(10).fill('rejected'));
    expect(failed.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'disk full')).toBe(true);
    fail = false;
    expect(await Promise.all([writer.submit(1), writer.submit(2)])).toEqual(['ok 1', 'ok 2']);
    expect(writer.stats).toMatchObject({ failedBatches: 1, batches: 1, items: 2 });
    expect(written).toEqual([[1, 2]]);
  });

  it('never hands the sink more than maxBatch items', async () => {
    const sizes: number[] = [];
    const writer = new GroupCommitWriter<number, number>({ writeBatch: async (items) => (sizes.push(items.length), items.slice()) }, { maxBatch: 7 });
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => writer.submit(i)));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(7);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(50);
    expect(() => new GroupCommitWriter({ writeBatch: async () => [] }, { maxBatch: 0 })).toThrow(/maxBatch must be a positive integer/);
  });
});
