import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EmbeddedLedger, LedgerUnavailableError, ReadOnlyLedgerError, verifyProof } from '../../ledger/index.js';
import { startWriter, stepEvent, tempLedgerDir } from './support.js';

/** Every file in the folder (segments and LOCK) with its bytes, to show a reader changed none. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name)).toString('base64')]));
}

describe('read-only embedded ledger', () => {
  it('reads a folder a writer holds, reports a batch in flight as uncommitted, and changes no byte', async () => {
    const dir = tempLedgerDir();
    const writer = await EmbeddedLedger.open({ dir, warn: () => {} });
    onTestFinished(() => writer.close());
    await Promise.all([0, 1, 2].map((n) => writer.append(stepEvent(n))));
    await writer.append(stepEvent(3));
    // A batch the writer has half written: its first event record, no commit record yet.
    const segment = join(dir, 'segment-000001.log');
    const inFlight = '00000010 {"k":"event",';
    appendFileSync(segment, inFlight);
    const before = snapshot(dir);
    expect(Object.keys(before)).toEqual(['LOCK', 'segment-000001.log']);

    const reader = await EmbeddedLedger.open({ dir, readOnly: true });
    expect(reader.readOnly).toBe(true);
    const report = await reader.verify();
    expect(report).toMatchObject({ ok: true, events: 4, batches: 2, records: 6, problems: [] });
    expect(report.uncommitted).toMatchObject({ segment: 'segment-000001.log', bytes: inFlight.length, eventIds: [] });
    expect(report.uncommitted!.offset).toBe(readFileSync(segment).length - inFlight.length);
    expect(reader.uncommitted?.bytes).toBe(inFlight.length);
    expect((await reader.query()).map((e) => e.id)).toEqual([0, 1, 2, 3].map((n) => stepEvent(n).id));
    expect(await reader.get(stepEvent(2).id)).toMatchObject({ payload: { n: 2 } });
    const proof = await reader.prove(stepEvent(1).id);
    expect(verifyProof(proof.leafHash, proof, proof.root)).toBe(true);

    await expect(reader.append(stepEvent(9))).rejects.toThrow(ReadOnlyLedgerError);
    await expect(reader.append(stepEvent(9))).rejects.toThrow(/Cannot append to ledger `.*`: it was opened read-only/);
    await reader.close();
    await expect(reader.query()).rejects.toThrow(LedgerUnavailableError);

    expect(snapshot(dir)).toEqual(before);
  });

  it('refuses a missing folder instead of creating one', async () => {
    const dir = tempLedgerDir();
    await expect(EmbeddedLedger.open({ dir, readOnly: true })).rejects.toThrow(/Ledger folder `.*` does not exist/);
    expect(() => readdirSync(dir)).toThrow(/ENOENT/);
  });

  it('verifies ok again and again while another process keeps appending, and sees what it committed', async () => {
    const dir = tempLedgerDir();
    const { child, acked, waitForAcks, stderr } = startWriter(dir);
    await waitForAcks(200);

    const lockBefore = readFileSync(join(dir, 'LOCK'), 'utf8');
    expect(JSON.parse(lockBefore)).toMatchObject({ pid: child.pid });
    const seenAtOpen = acked();
    const reader = await EmbeddedLedger.open({ dir, readOnly: true });
    for (const id of seenAtOpen) expect(await reader.get(id), id).toBeDefined();
    let lastEvents = 0;
    for (let round = 0; round < 15; round++) {
      const report = await reader.verify();
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.events).toBeGreaterThanOrEqual(lastEvents);
      lastEvents = report.events;
    }
    // The writer kept going: a refresh shows batches committed after open.
    const countAtOpen = (await reader.query()).length;
    await waitForAcks(acked().length + 100);
    const ackedNow = acked();
    await reader.refresh();
    expect((await reader.query()).length).toBeGreaterThan(countAtOpen);
    for (const id of ackedNow) expect(await reader.get(id), id).toBeDefined();
    await expect(reader.append(stepEvent(1))).rejects.toThrow(ReadOnlyLedgerError);
    await reader.close();
    // The writer's lock is untouched, and the writer never noticed a reader.
    expect(readFileSync(join(dir, 'LOCK'), 'utf8')).toBe(lockBefore);
    expect(child.exitCode).toBeNull();
    expect(stderr()).toBe('');
  });
});
