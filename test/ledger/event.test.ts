import { describe, expect, it } from 'vitest';
import { eventHash, eventId, InvalidEventError, parseEvent, payloadHashOf } from '../../ledger/index.js';
import { stepEvent } from './support.js';

describe('ledger events', () => {
  it('computes payloadHash from the canonical payload, whatever the key order', () => {
    const a = parseEvent(stepEvent(1, { payload: { b: 1, a: [1, { y: 2, x: 1 }] } }));
    const b = parseEvent(stepEvent(1, { payload: { a: [1, { x: 1, y: 2 }], b: 1 } }));
    expect(a.payloadHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.payloadHash).toBe(b.payloadHash);
    expect(eventHash(a)).toBe(eventHash(b));
  });

  it('keeps the event hash when the payload is kept off-ledger', () => {
    const full = parseEvent(stepEvent(2));
    const { payload: _payload, ...rest } = stepEvent(2);
    const offLedger = parseEvent({ ...rest, payloadHash: full.payloadHash });
    expect(offLedger.payload).toBeUndefined();
    expect(eventHash(offLedger)).toBe(eventHash(full));
  });

  it('rejects a bad event naming every bad field', () => {
    const bad = { ...stepEvent(3), type: 'Started', subject: { kind: 'planet', id: 'x' }, time: 'yesterday' };
    expect(() => parseEvent(bad)).toThrow(InvalidEventError);
    try {
      parseEvent(bad);
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/^Invalid ledger event: /);
      expect(message).toContain('type: expected a dotted lowercase name');
      expect(message).toContain('subject.kind');
      expect(message).toContain('time');
    }
  });

  it('rejects unknown fields and a payloadHash that does not match the payload', () => {
    expect(() => parseEvent({ ...stepEvent(4), extra: true })).toThrow(/Invalid ledger event/);
    expect(() => parseEvent({ ...stepEvent(4), payloadHash: payloadHashOf('something else') })).toThrow(
      /payloadHash: does not match the payload/,
    );
    expect(() => parseEvent({ ...stepEvent(4), payload: { when: Number.NaN } })).toThrow(/payload/);
  });

  it('derives the same id for the same step every time, and distinct ids otherwise', () => {
    expect(eventId('wf-1', 'restart', 'started')).toBe(eventId('wf-1', 'restart', 'started'));
    const ids = new Set([
      eventId('wf-1', 'restart', 'started'),
      eventId('wf-1', 'restart', 'succeeded'),
      eventId('wf-1/restart', 'started', 'x'),
      eventId('wf-1', 'restart/started', 'x'),
    ]);
    expect(ids.size).toBe(4);
    expect(() => eventId('', 'restart', 'started')).toThrow(/workflowId: must not be empty/);
  });
});
