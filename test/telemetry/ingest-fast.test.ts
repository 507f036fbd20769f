/**
 * The ingest fast path (`Aggregator.ingestBytes`, line-memo.ts) against the full parser
 * (`Aggregator.ingest`): for any packets, over several windows (series forgotten and created again),
 * the rollups and every counter must be the same.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../telemetry/rollup/aggregator.js';
import { scanFast, type FastLine } from '../../telemetry/rollup/line-memo.js';

const identities = ['api.requests|c', 'api.requests|c|#route:/x', 'api.requests|c|@0.5|#route:/y', 'db.query|ms|#db:main', 'q.depth|g', 'q.depth|g|#host:a', 'lat|h|@0.25', 'bytes|d|#k:v,z', 'users|s', 'temp|g|#host:m|T1700000000'];

const value = fc.oneof(
  fc.integer({ min: 0, max: 1e6 }).map(String),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((v) => v.toFixed(3)),
  fc.constantFrom('+3', '-2', '1e3', '1:2:3', '0012', '1.', '.5', 'abc', '', '12345678901234567', '3.14159265358979'),
);

const line = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.constantFrom(...identities), value).map(([id, v]) => id.replace('|', `:${v}|`)) },
  { weight: 1, arbitrary: fc.constantFrom('bad line', 'x:1|zz', ':1|c', 'n:1', '_e{1,1}:a|b', 'é:1|c', 'bad\r', 'a:12\r', '\r', 'q.depth:5|g\r', 'x\ry:1|c') },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const packet = fc.array(line, { minLength: 1, maxLength: 12 }).chain((lines) => fc.constantFrom('\n', '\r\n').map((sep) => Buffer.from(lines.join(sep))));

describe('ingest fast path', () => {
  it('gives the same rollups and counters as the full parser, window after window', () => {
    fc.assert(
      fc.property(fc.array(fc.array(packet, { maxLength: 8 }), { minLength: 1, maxLength: 4 }), (windows) => {
        let now = 1_000_000;
        const clock = () => now;
        const slow = new Aggregator({ windowMs: 10_000, maxSamples: 4 }, clock);
        const fast = new Aggregator({ windowMs: 10_000, maxSamples: 4 }, clock);
        for (const packets of windows) {
          for (const p of packets) {
            slow.ingest(p);
            fast.ingestBytes(p);
          }
          now += 10_000;
          expect(fast.tick(now)).toEqual(slow.tick(now));
          expect(fast.stats()).toEqual(slow.stats());
        }
      }),
      { numRuns: 300 },
    );
  });

  it('takes the fast path for a repeated plain line, and gives Number()’s value', () => {
    const out: FastLine = { colon: 0, bar: 0, value: 0, hash: 0, end: 0, next: 0 };
    for (const v of ['0', '7', '0012', '3.25', '0.1', '123456789012345', '98765.4321']) {
      const bytes = Buffer.from(`a.b:${v}|c|#x:1`);
      expect(scanFast(bytes, 0, bytes.length, out)).toBe(true);
      expect(out.value).toBe(Number(v));
    }
    for (const v of ['-1', '+1', '1e3', '1:2', '1.', '.5', '1234567890123456', 'x']) {
      const bytes = Buffer.from(`a.b:${v}|c`);
      expect(scanFast(bytes, 0, bytes.length, out)).toBe(false);
    }
  });
});
