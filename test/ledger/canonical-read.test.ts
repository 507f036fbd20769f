import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson, parseCanonicalJson, sha256Hex } from '../../json/canonical.js';
import { EmbeddedLedger } from '../../ledger/index.js';
import { encodeFrame, splitFrames } from '../../ledger/embedded/frame.js';
import { stepEvent, tempLedgerDir } from './support.js';

const SEGMENT = 'segment-000001.log';

/** One batch of one event; `edit` rewrites the event record's JSON text (the frame length follows). */
async function ledgerWithEditedEvent(edit: (json: string) => string): Promise<string> {
  const dir = tempLedgerDir();
  const ledger = await EmbeddedLedger.open({ dir });
  await ledger.append(stepEvent(1, { actor: 'alice' }));
  await ledger.close();
  const path = join(dir, SEGMENT);
  const frames = splitFrames(readFileSync(path)).frames.map((f) => ('json' in f ? f.json : ''));
  frames[0] = edit(frames[0]!);
  writeFileSync(path, Buffer.concat(frames.map(encodeFrame)));
  return dir;
}

async function readBack(dir: string) {
  const reader = await EmbeddedLedger.open({ dir, readOnly: true });
  try {
    return { report: await reader.verify(), event: await reader.get(stepEvent(1).id), all: await reader.query() };
  } finally {
    await reader.close();
  }
}

describe('canonical JSON on read', () => {
  it('rejects a record with a `__proto__` member, which the hashes never covered', async () => {
    // Smuggled into the payload: canonicalJson used to drop it, so every hash still matched.
    const dir = await ledgerWithEditedEvent((json) => json.replace('"payload":{', '"payload":{"__proto__":{"approvedBy":"mallory"},'));
    const { report, event, all } = await readBack(dir);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ segment: SEGMENT, offset: 0, reason: 'record is not canonical JSON: a `__proto__` member' });
    expect(event).toBeUndefined();
    expect(JSON.stringify(all)).not.toContain('mallory');
  });

  it('rejects a record with a key twice, where readers disagree on which one counts', async () => {
    // JSON.parse keeps the last `actor` (what the hash covers); other readers keep the first.
    const dir = await ledgerWithEditedEvent((json) => json.replace('"actor":"alice"', '"actor":"mallory","actor":"alice"'));
    const { report, event } = await readBack(dir);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ offset: 0, reason: 'record is not canonical JSON: duplicate key "actor"' });
    expect(event).toBeUndefined();
  });

  it('parseCanonicalJson accepts exactly what canonicalJson writes', () => {
    const value = { b: [1, { d: 'x', c: null }], a: 'é\u2028"' };
    expect(parseCanonicalJson(canonicalJson(value))).toEqual({ value: JSON.parse(canonicalJson(value)) as unknown });
    expect(parseCanonicalJson('{"a":1,"a":1}')).toEqual({ error: 'duplicate key "a"' });
    expect(parseCanonicalJson('{"x":[{"__proto__":1}]}')).toEqual({ error: 'a `__proto__` member' });
    expect(parseCanonicalJson('{"b":1,"a":2}')).toMatchObject({ error: expect.stringMatching(/keys out of order/) });
    expect(parseCanonicalJson('{"a": 1}')).toMatchObject({ error: expect.stringMatching(/spacing/) });
    expect(parseCanonicalJson('{"a":1.0}')).toMatchObject({ error: expect.stringMatching(/number/) });
    expect(parseCanonicalJson('{"a":')).toEqual({ error: 'invalid JSON' });
    // Same key names in sibling objects are fine; escaped keys are compared decoded.
    expect(parseCanonicalJson('{"a":{"k":1},"b":{"k":2}}')).toHaveProperty('value');
    expect(parseCanonicalJson('{"\\u0061":1,"a":2}')).toEqual({ error: 'duplicate key "a"' });
  });

  it('canonicalJson hashes an own `__proto__` member instead of dropping it', () => {
    const parsed = JSON.parse('{"a":1,"__proto__":{"evil":true}}') as unknown;
    expect(canonicalJson(parsed)).toBe('{"__proto__":{"evil":true},"a":1}');
    expect(sha256Hex(canonicalJson(parsed))).not.toBe(sha256Hex(canonicalJson({ a: 1 })));
  });
});
