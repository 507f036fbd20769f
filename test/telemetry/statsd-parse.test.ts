import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityHash, parseLine, parsePacket, seriesKey, seriesOf } from '../../telemetry/statsd/index.js';
import { parseDecimal } from '../../telemetry/statsd/scan.js';
import { DEFAULT_LIMITS, MALFORMED_REASONS, type LineResult, type Metric } from '../../telemetry/statsd/types.js';
import { MALFORMED_LINES } from './malformed-lines.js';

function ok(result: LineResult): Metric {
  if (!result.ok) throw new Error(`refused (${result.reason}): ${result.line}`);
  return result.metric;
}

const base = { sampleRate: 1, tags: {}, container: null, timestamp: null };

describe('parseLine: one line per type', () => {
  const cases: Array<[string, Record<string, unknown>]> = [
    ['hits:1|c', { ...base, name: 'hits', type: 'counter', values: [1], series: 'hits|c' }],
    ['hits:2.5|c|@0.1', { ...base, name: 'hits', type: 'counter', values: [2.5], sampleRate: 0.1 }],
    ['hits:-3|c', { ...base, type: 'counter', values: [-3] }],
    ['temp:42|g', { ...base, name: 'temp', type: 'gauge', value: 42, delta: false, series: 'temp|g' }],
    ['temp:+5|g', { ...base, type: 'gauge', value: 5, delta: true }],
    ['temp:-7.5|g', { ...base, type: 'gauge', value: -7.5, delta: true }],
    ['temp:0.5|g|@0.5', { ...base, type: 'gauge', value: 0.5, delta: false, sampleRate: 0.5 }],
    ['db.query:320|ms', { ...base, name: 'db.query', type: 'timer', values: [320], series: 'db.query|ms' }],
    ['db.query:1.5e2|ms|@0.25', { ...base, type: 'timer', values: [150], sampleRate: 0.25 }],
    ['size:1024|h', { ...base, name: 'size', type: 'histogram', values: [1024], series: 'size|h' }],
    ['lat:.5|d', { ...base, name: 'lat', type: 'distribution', values: [0.5], series: 'lat|d' }],
    ['lat:1:2:3.5|d', { ...base, type: 'distribution', values: [1, 2, 3.5] }],
    ['hits:1:1:1|c|@0.5', { ...base, type: 'counter', values: [1, 1, 1], sampleRate: 0.5 }],
    ['users:alice|s', { ...base, name: 'users', type: 'set', member: 'alice', series: 'users|s' }],
    ['users:a:b|s', { ...base, type: 'set', member: 'a:b' }],
    ['users:ünï|s', { ...base, type: 'set', member: 'ünï' }],
    [
      'req_total:1|c|#env:prod,region:eu-1,canary',
      { ...base, type: 'counter', values: [1], tags: { env: 'prod', region: 'eu-1', canary: '' }, series: 'req_total|c|#canary,env:prod,region:eu-1' },
    ],
    ['u:1|c|#url:http://x:80/a,k:', { ...base, tags: { url: 'http://x:80/a', k: '' }, series: 'u|c|#k,url:http://x:80/a' }],
    ['c:1|c|c:abc123|T1700000000', { ...base, container: 'abc123', timestamp: 1_700_000_000 }],
    ['c:1|c|@0.5|#a:1|c:k8s|T9|e:unknown-field', { ...base, sampleRate: 0.5, tags: { a: '1' }, container: 'k8s', timestamp: 9 }],
    ['x:1|c\r', { ...base, name: 'x', values: [1] }],
  ];
  it.each(cases)('%s', (line, expected) => {
    const metric = ok(parseLine(line));
    const { series, ...fields } = expected;
    expect(metric).toMatchObject(fields);
    if (series !== undefined) expect(seriesOf(metric)).toBe(series);
    expect(metric.hash).toBe(identityHash(metric.name, metric.type, metric.tagKey));
    // toMatchObject takes `{}` as any object: tags are compared whole.
    expect({ ...metric.tags }).toEqual(expected['tags']);
  });

  it('gives the same series for the same tags in any order', () => {
    const a = ok(parseLine('a:1|c|#x:1,y:2'));
    const b = ok(parseLine('a:1|c|#y:2,x:1'));
    expect(seriesOf(a)).toBe('a|c|#x:1,y:2');
    expect(seriesOf(b)).toBe(seriesOf(a));
    expect(b.hash).toBe(a.hash);
    expect(seriesKey('a', 'counter', { y: '2', x: '1' })).toBe(seriesOf(a));
    expect(seriesOf(ok(parseLine('a:1|c|#x:1,y:3')))).not.toBe(seriesOf(a));
    expect(seriesOf(ok(parseLine('a:1|g|#x:1,y:2')))).not.toBe(seriesOf(a));
    expect(ok(parseLine('a:1|g|#x:1,y:2')).hash).not.toBe(a.hash);
  });
});

describe('limits', () => {
  it('applies the limits given, whatever was parsed before under others', () => {
    const line = 'a:1|c|#x,y,z';
    const tight = { ...DEFAULT_LIMITS, maxTags: 2, maxNameLength: 3, maxLineLength: 20 };
    expect(parseLine(line).ok).toBe(true);
    expect(parseLine(line, tight)).toMatchObject({ ok: false, reason: 'bad-tag' });
    expect(parseLine(line).ok).toBe(true);
    expect(parseLine('abcd:1|c', tight)).toMatchObject({ ok: false, reason: 'bad-name' });
    expect(parseLine('abc:1|c|#a:1234567890', tight)).toMatchObject({ ok: false, reason: 'line-too-long' });
    expect(parsePacket('abcd:1|c\nabc:1|c', tight).malformed['bad-name']).toBe(1);
  });
});

describe('parsePacket', () => {
  it('parses several lines, with CRLF, skipping empty lines', () => {
    const result = parsePacket(Buffer.from('a:1|c\r\n\r\nb:2|g\n\nc:3|ms\n'));
    expect(result.metrics.map((m) => m.name)).toEqual(['a', 'b', 'c']);
    expect(result.rejected).toBe(0);
    expect(result.firstRejection).toBeNull();
  });

  it('counts refused lines by reason and keeps the good ones', () => {
    const result = parsePacket('a:1|c\nbad\nb:x|c\nc:1|c|@2\nd:1|ms');
    expect(result.metrics.map((m) => m.name)).toEqual(['a', 'd']);
    expect(result.rejected).toBe(3);
    expect(result.malformed).toMatchObject({ 'missing-value': 1, 'bad-value': 1, 'bad-sample-rate': 1, 'bad-name': 0 });
    expect(result.firstRejection).toEqual({ reason: 'missing-value', line: 'bad' });
  });

  it('refuses only the lines with invalid UTF-8', () => {
    const packet = Buffer.concat([Buffer.from('a:1|c\nb:'), Buffer.from([0xff, 0xfe]), Buffer.from('|s\nc:ü|s\r\n')]);
    const result = parsePacket(packet);
    expect(result.metrics.map((m) => m.name)).toEqual(['a', 'c']);
    expect(result.malformed['not-utf8']).toBe(1);
    expect(result.rejected).toBe(1);
  });

  it('counts a line of a lone CR the same way whether the packet is valid UTF-8 or not', () => {
    const valid = parsePacket(Buffer.from('a:1|c\n\r\r\n'));
    const invalid = parsePacket(Buffer.concat([Buffer.from('a:1|c\n\r\r\n'), Buffer.from([0xff])]));
    expect(valid.rejected).toBe(1);
    expect(valid.malformed['bad-name']).toBe(1);
    expect(invalid.malformed['bad-name']).toBe(1);
    expect(invalid.malformed['not-utf8']).toBe(1);
  });

  it('reads a Uint8Array like a Buffer', () => {
    const result = parsePacket(new Uint8Array(Buffer.from('a:1|c\nb:2|c')));
    expect(result.metrics).toHaveLength(2);
  });
});

describe('malformed corpus', () => {
  it.each(MALFORMED_LINES.map(([line, reason]) => [line.slice(0, 60), line, reason] as const))('%s', (_label, line, reason) => {
    const result = parseLine(line);
    expect(result.ok ? 'accepted' : result.reason).toBe(reason);
    const packet = parsePacket(`ok:1|c\n${line}\n`);
    expect(packet.metrics).toHaveLength(1);
    expect(packet.malformed[reason]).toBe(1);
    expect(packet.rejected).toBe(1);
  });

  it('covers every reason', () => {
    const seen = new Set(MALFORMED_LINES.map(([, reason]) => reason));
    seen.add('not-utf8'); // needs bytes: covered by parsePacket's invalid UTF-8 test
    expect([...seen].sort()).toEqual([...MALFORMED_REASONS].sort());
  });

  it('counts every line of a packet of the whole corpus', () => {
    const result = parsePacket(MALFORMED_LINES.map(([line]) => line).join('\n'));
    expect(result.metrics).toHaveLength(0);
    expect(result.rejected).toBe(MALFORMED_LINES.length);
    expect(Object.values(result.malformed).reduce((a, b) => a + b, 0)).toBe(MALFORMED_LINES.length);
  });
});

/** Non-empty lines of a packet, as the parser defines them. */
function nonEmptyLines(bytes: Uint8Array): number {
  let count = 0;
  for (const line of Buffer.from(bytes).toString('latin1').split('\n')) if (line.replace(/\r$/, '') !== '') count++;
  return count;
}

const fragment = fc.constantFrom('a', 'b.c', ':', '|', '1', '-2.5', 'c', 'g', 'ms', 's', 'd', 'h', '@0.5', '#', 'k:v', ',', 'T1', 'c:x', '\n', '\r\n', ' ', 'é', '\xff');

describe('properties', () => {
  it('never throws on arbitrary bytes, and every non-empty line is counted once', () => {
    const packets = fc.oneof(
      fc.uint8Array({ maxLength: 300 }),
      fc.array(fragment, { maxLength: 40 }).map((parts) => Buffer.from(parts.join(''), 'latin1')),
      fc.array(fragment, { maxLength: 40 }).map((parts) => Buffer.from(parts.join(''), 'utf8')),
    );
    fc.assert(
      fc.property(packets, (bytes) => {
        const result = parsePacket(bytes);
        const refused = Object.values(result.malformed).reduce((a, b) => a + b, 0);
        expect(refused).toBe(result.rejected);
        expect(result.metrics.length + result.rejected).toBe(nonEmptyLines(bytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('reads decimals exactly as Number() does', () => {
    const decimal = fc.tuple(
      fc.constantFrom('', '+', '-'),
      fc.stringMatching(/^[0-9]{0,18}$/),
      fc.option(fc.stringMatching(/^[0-9]{0,18}$/)),
      fc.option(fc.integer({ min: -30, max: 30 })),
    ).map(([sign, int, frac, exp]) => `${sign}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `e${exp}`}`);
    fc.assert(
      fc.property(decimal, (text) => {
        const hasDigit = /[0-9]/.test(text.split('e')[0] ?? '');
        const expected = hasDigit && !/e$/.test(text) ? Number(text) : NaN;
        expect(Object.is(parseDecimal(`|${text}|`, 1, text.length + 1), expected)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('parses generated valid lines back to their parts, tags in any order on one series', () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_.-]{1,20}$/);
    const tagKey = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/);
    const tags = fc.dictionary(tagKey, fc.stringMatching(/^[a-z0-9:/.]{0,8}$/), { maxKeys: 5 });
    const rate = fc.constantFrom(1, 0.5, 0.1, 0.001);
    fc.assert(
      fc.property(name, fc.array(fc.integer({ min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 4 }), rate, tags, (n, values, r, t) => {
        const entries = Object.entries(t);
        const tagText = (list: Array<[string, string]>) => (list.length === 0 ? '' : `|#${list.map(([k, v]) => (v === '' ? k : `${k}:${v}`)).join(',')}`);
        const line = `${n}:${values.join(':')}|d|@${r}${tagText(entries)}`;
        const reversed = `${n}:${values.join(':')}|d|@${r}${tagText([...entries].reverse())}`;
        const metric = ok(parseLine(line));
        expect(metric).toMatchObject({ name: n, type: 'distribution', values, sampleRate: r });
        expect({ ...metric.tags }).toEqual(t);
        const other = ok(parseLine(reversed));
        expect(seriesOf(other)).toBe(seriesOf(metric));
        expect(other.hash).toBe(metric.hash);
        expect(seriesOf(metric)).toBe(seriesKey(n, 'distribution', t));
        expect(metric.hash).toBe(identityHash(n, 'distribution', metric.tagKey));
      }),
      { numRuns: 500 },
    );
  });
});
