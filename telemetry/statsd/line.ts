/**
 * One StatsD / DogStatsD line, `name:value[:value…]|type[|@rate][|#tags][|c:container][|T<seconds>]`,
 * read by hand from a range of a string (no regex, no split) into a `Metric`, or refused with the
 * first reason met left to right. Decisions:
 * - names are ASCII `[A-Za-z0-9_.-]`, at most `maxNameLength`, refused otherwise, never sanitised;
 * - a line without `:value` is refused (Etsy statsd would count `name` as `name:1|c`);
 * - a gauge value with a leading `+` or `-` is a delta, as in Etsy statsd (set a negative level
 *   by sending `0` first);
 * - DogStatsD value packing (`name:1:2:3|d`) is read for counters, timers, histograms and
 *   distributions, not for gauges; a set's member is the whole value, `:` included;
 * - `@rate` is checked for every type but scales only counters and the sampled types;
 * - unknown `|x` fields are ignored (DogStatsD adds fields over time), empty or repeated ones are
 *   refused; DogStatsD events (`_e{`) and service checks (`_sc|`) are refused as `unsupported`.
 */
import { isControlOrSpace, isNameChar, parseDecimal, parseUnsigned } from './scan.js';
import { FNV_BASIS, FNV_PRIME, mixIdentity } from './series.js';
import { parseTags } from './tags.js';
import { DEFAULT_LIMITS, type LineResult, type MalformedReason, type Metric, type MetricType, type ParseLimits, type Tags } from './types.js';

const NO_TAGS: Tags = Object.freeze(Object.create(null) as Record<string, string>);

/** The type named by `s[start, end)`, or null. */
function typeOf(s: string, start: number, end: number): MetricType | null {
  const length = end - start;
  const c = s.charCodeAt(start);
  if (length === 1) {
    if (c === 99) return 'counter';
    if (c === 103) return 'gauge';
    if (c === 104) return 'histogram';
    if (c === 100) return 'distribution';
    if (c === 115) return 'set';
  } else if (length === 2 && c === 109 && s.charCodeAt(start + 1) === 115) return 'timer';
  return null;
}

function startsWith(s: string, start: number, end: number, prefix: string): boolean {
  return end - start >= prefix.length && s.startsWith(prefix, start);
}

/** Index of the next `|` in `s[from, end)`, or `end`. */
function nextBar(s: string, from: number, end: number): number {
  let i = from;
  while (i < end && s.charCodeAt(i) !== 124) i++;
  return i;
}

/**
 * Parses `s[start, end)` (one line, without its line break) into a metric, or the reason it is
 * refused. The hot path of `parsePacket`: it returns a bare reason string to spare an allocation.
 */
export function parseRange(s: string, start: number, end: number, limits: ParseLimits): Metric | MalformedReason {
  if (end - start > limits.maxLineLength) return 'line-too-long';
  // DogStatsD events and service checks are another protocol: recognised and refused as such.
  if (s.charCodeAt(start) === 95 && (startsWith(s, start, end, '_e{') || startsWith(s, start, end, '_sc|'))) return 'unsupported';
  let i = start;
  let badName = false;
  let c = 0;
  let nameHash = FNV_BASIS;
  while (i < end) {
    c = s.charCodeAt(i);
    if (c === 58 || c === 124) break;
    if (!isNameChar(c)) badName = true;
    nameHash = Math.imul(nameHash ^ c, FNV_PRIME);
    i++;
  }
  if (i === start) return 'empty-name';
  if (badName || i - start > limits.maxNameLength) return 'bad-name';
  if (i === end || c === 124) return 'missing-value';
  const nameEnd = i;
  const valueStart = i + 1;
  const valueEnd = nextBar(s, valueStart, end);
  if (valueEnd === valueStart) return 'missing-value';
  if (valueEnd === end) return 'missing-type';
  const typeStart = valueEnd + 1;
  const typeEnd = nextBar(s, typeStart, end);
  if (typeEnd === typeStart) return 'missing-type';
  const type = typeOf(s, typeStart, typeEnd);
  if (type === null) return 'unknown-type';

  // Values, by type.
  let values: number[] | null = null;
  let gauge = 0;
  let delta = false;
  let member = '';
  if (type === 'set') {
    for (let j = valueStart; j < valueEnd; j++) if (isControlOrSpace(s.charCodeAt(j))) return 'bad-value';
    member = s.slice(valueStart, valueEnd);
  } else if (type === 'gauge') {
    gauge = parseDecimal(s, valueStart, valueEnd);
    if (Number.isNaN(gauge)) return 'bad-value';
    const first = s.charCodeAt(valueStart);
    delta = first === 43 || first === 45;
  } else {
    values = [];
    let j = valueStart;
    while (j <= valueEnd) {
      let k = j;
      while (k < valueEnd && s.charCodeAt(k) !== 58) k++;
      const v = parseDecimal(s, j, k);
      if (Number.isNaN(v)) return 'bad-value';
      values.push(v);
      j = k + 1;
    }
  }

  // Optional fields, each once.
  let sampleRate = 1;
  let seenRate = false;
  let tags = NO_TAGS;
  let tagKey = '';
  let tagHash = 0;
  let seenTags = false;
  let container: string | null = null;
  let timestamp: number | null = null;
  let j = typeEnd;
  while (j < end) {
    const fieldStart = j + 1;
    const fieldEnd = nextBar(s, fieldStart, end);
    j = fieldEnd;
    if (fieldEnd === fieldStart) return 'bad-field';
    const f = s.charCodeAt(fieldStart);
    if (f === 64) {
      if (seenRate) return 'bad-field';
      seenRate = true;
      const first = s.charCodeAt(fieldStart + 1);
      sampleRate = first === 43 || first === 45 ? NaN : parseDecimal(s, fieldStart + 1, fieldEnd);
      if (!(sampleRate > 0 && sampleRate <= 1)) return 'bad-sample-rate';
    } else if (f === 35) {
      if (seenTags) return 'bad-field';
      seenTags = true;
      const parsed = parseTags(s, fieldStart + 1, fieldEnd, limits);
      if (parsed === 'bad-tag') return parsed;
      tags = parsed.tags;
      tagKey = parsed.canonical;
      tagHash = parsed.hash;
    } else if (f === 99 && s.charCodeAt(fieldStart + 1) === 58) {
      if (container !== null || fieldEnd - fieldStart === 2) return 'bad-field';
      for (let k = fieldStart + 2; k < fieldEnd; k++) if (isControlOrSpace(s.charCodeAt(k))) return 'bad-field';
      container = s.slice(fieldStart + 2, fieldEnd);
    } else if (f === 84) {
      if (timestamp !== null) return 'bad-field';
      timestamp = parseUnsigned(s, fieldStart + 1, fieldEnd);
      if (!(timestamp > 0)) return 'bad-timestamp';
    }
  }

  const name = s.slice(start, nameEnd);
  const hash = mixIdentity(nameHash, type, tagHash);
  if (type === 'set') return { name, tagKey, hash, sampleRate, tags, container, timestamp, type, member };
  if (type === 'gauge') return { name, tagKey, hash, sampleRate, tags, container, timestamp, type, value: gauge, delta };
  return { name, tagKey, hash, sampleRate, tags, container, timestamp, type, values: values ?? [] };
}

/** Parses one line (a trailing `\r` is dropped); never throws. */
export function parseLine(line: string, limits: ParseLimits = DEFAULT_LIMITS): LineResult {
  const end = line.endsWith('\r') ? line.length - 1 : line.length;
  const result = parseRange(line, 0, end, limits);
  if (typeof result === 'string') return { ok: false, reason: result, line: line.slice(0, 256) };
  return { ok: true, metric: result };
}
