import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DuplicateEventError, EmbeddedLedger, InvalidEventError, UnknownEventError, verifyProof } from '../../ledger/index.js';
import { stepEvent, tempLedgerDir } from './support.js';

const open: EmbeddedLedger[] = [];
async function openLedger(dir: string, extra: { maxSegmentBytes?: number } = {}): Promise<EmbeddedLedger> {
  const ledger = await EmbeddedLedger.open({ dir, warn: () => {}, ...extra });
  open.push(ledger);
  return ledger;
}
afterEach(async () => {
  for (const l of open.splice(0)) await l.close();
});

describe('embedded ledger', () => {
  it('appends, reads back, queries and proves events, also after reopening', async () => {
    const dir = tempLedgerDir();
    const ledger = await openLedger(dir);
    const receipts = await Promise.all(Array.from({ length: 12 }, (_, n) => ledger.append(stepEvent(n))));
    expect(new Set(receipts.map((r) => r.eventId)).size).toBe(12);
    expect(await ledger.get(stepEvent(5).id)).toMatchObject({ actor: 'swaybot', payload: { n: 5 } });
    expect(await ledger.get('nope')).toBeUndefined();

    const svc1 = await ledger.query({ subject: { kind: 'service', id: 'svc-1' } });
    expect(svc1.map((e) => e.payload)).toEqual([1, 4, 7, 10].map((n) => ({ n, note: `event ${n}` })));
    const window = await ledger.query({ type: 'runbook.step.started', from: stepEvent(2).time, to: stepEvent(8).time });
    expect(window.map((e) => e.id)).toEqual([2, 4, 6].map((n) => stepEvent(n).id));
    expect(await ledger.query({ limit: 3 })).toHaveLength(3);
    await expect(ledger.query({ from: 'last week' })).rejects.toThrow(/query.from: expected an ISO date-time/);

    for (const r of receipts) {
      const proof = await ledger.prove(r.eventId);
      expect(proof.root).toBe(r.root);
      expect(verifyProof(proof.leafHash, proof, r.root)).toBe(true);
    }
    await expect(ledger.prove('nope')).rejects.toThrow(UnknownEventError);
    await ledger.close();

    const again = await openLedger(dir);
    expect(again.recovery.clean).toBe(true);
    expect(await again.query()).toHaveLength(12);
    const proof = await again.prove(receipts[3]!.eventId);
    expect(verifyProof(proof.leafHash, proof, receipts[3]!.root)).toBe(true);
    expect(await again.verify()).toMatchObject({ ok: true, events: 12, problems: [] });
  });

  it('answers a re-append of identical content with the first receipt and writes nothing', async () => {
    const ledger = await openLedger(tempLedgerDir());
    const first = await ledger.append(stepEvent(1));
    const retry = await ledger.append(stepEvent(1));
    expect(retry).toEqual(first);
    // The same event with its payload kept off-ledger is the same content.
    const { payload: _payload, ...offLedger } = stepEvent(1);
    const full = await ledger.get(first.eventId);
    expect(await ledger.append({ ...offLedger, payloadHash: full!.payloadHash })).toEqual(first);
    expect(await ledger.query()).toHaveLength(1);
    expect((await ledger.verify()).events).toBe(1);
  });

  it('refuses an existing id with different content, and an invalid event, with clear errors', async () => {
    const ledger = await openLedger(tempLedgerDir());
    await ledger.append(stepEvent(1));
    const changed = ledger.append(stepEvent(1, { actor: 'mallory' }));
    await expect(changed).rejects.toThrow(DuplicateEventError);
    await expect(ledger.append(stepEvent(1, { payload: { n: 99 } }))).rejects.toThrow(/already recorded with different content/);
    await expect(ledger.append({ ...stepEvent(2), subject: { kind: 'galaxy', id: 'x' } } as never)).rejects.toThrow(InvalidEventError);
    await expect(ledger.append({ ...stepEvent(2), actor: '' })).rejects.toThrow(/actor: /);
    expect(await ledger.query()).toHaveLength(1);
  });

  it('rotates segments at the size limit and keeps one chain across them', async () => {
    const dir = tempLedgerDir();
    const ledger = await openLedger(dir, { maxSegmentBytes: 2_000 });
    for (let n = 0; n < 20; n++) await ledger.append(stepEvent(n));
    expect(readdirSync(dir).filter((f) => f.endsWith('.log')).length).toBeGreaterThan(3);
    expect(await ledger.verify()).toMatchObject({ ok: true, events: 20, batches: 20 });
    await ledger.close();
    await expect(ledger.append(stepEvent(99))).rejects.toThrow(/The ledger is closed/);
    const again = await openLedger(dir, { maxSegmentBytes: 2_000 });
    await again.append(stepEvent(20));
    expect(await again.verify()).toMatchObject({ ok: true, events: 21 });
  });

  it('lets one ledger at a time write a folder, and says why when it refuses', async () => {
    const dir = tempLedgerDir();
    const first = await openLedger(dir);
    await expect(EmbeddedLedger.open({ dir })).rejects.toThrow(`Ledger folder \`${dir}\` is in use by process ${process.pid}`);
    await first.close();
    const second = await openLedger(dir);
    expect((await second.append(stepEvent(1))).batch).toBe(1);
    const file = join(dir, 'segment-000001.log');
    await expect(EmbeddedLedger.open({ dir: file })).rejects.toThrow(`Ledger folder \`${file}\` exists and is not a folder`);
  });

  it('names the record whose byte was flipped', async () => {
    const dir = tempLedgerDir();
    const ledger = await openLedger(dir);
    for (let n = 0; n < 5; n++) await ledger.append(stepEvent(n));
    await ledger.close();

    const file = join(dir, 'segment-000001.log');
    const bytes = readFileSync(file);
    const at = bytes.indexOf('event 3');
    bytes[at + 6] = '7'.charCodeAt(0); // "event 3" → "event 7" inside event 3's payload
    writeFileSync(file, bytes);
    const lineStart = bytes.lastIndexOf(0x0a, at) + 1;

    const warnings: string[] = [];
    const reopened = await EmbeddedLedger.open({ dir, warn: (_f, message) => warnings.push(message) });
    open.push(reopened);
    expect(reopened.recovery).toMatchObject({ clean: true, problems: [{ eventId: stepEvent(3).id }, { eventId: stepEvent(3).id }] });
    expect(warnings).toEqual(['ledger has 2 damaged record(s); run verify']);
    const report = await reopened.verify();
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ segment: 'segment-000001.log', offset: lineStart, eventId: stepEvent(3).id, batch: 4 });
    expect(report.problems.map((p) => p.reason).join('\n')).toMatch(/record hash does not match its content/);
    expect(report.problems.every((p) => p.eventId === stepEvent(3).id || p.batch === 4)).toBe(true);
  });

  it('names the record and its batch root when a committed field is changed', async () => {
    const dir = tempLedgerDir();
    const ledger = await openLedger(dir);
    for (let n = 0; n < 5; n++) await ledger.append(stepEvent(n));
    await ledger.close();

    const file = join(dir, 'segment-000001.log');
    const bytes = readFileSync(file);
    const line = bytes.indexOf(`"id":"${stepEvent(2).id}"`);
    const actor = bytes.indexOf('"actor":"swaybot"', bytes.lastIndexOf(0x0a, line));
    bytes[actor + '"actor":"'.length] = 'S'.charCodeAt(0);
    writeFileSync(file, bytes);

    const report = await (await openLedger(dir)).verify();
    expect(report.ok).toBe(false);
    const reasons = report.problems.map((p) => `${p.eventId ?? `batch ${p.batch}`}: ${p.reason}`);
    expect(reasons).toEqual([
      `${stepEvent(2).id}: record hash does not match its content (bytes changed after writing)`,
      'batch 3: Merkle root of batch 3 does not match its events',
    ]);
  });
});
