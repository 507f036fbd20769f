/**
 * Series keys: one canonical string per (name, type, tag set), so `a:1|c|#x:1,y:2` and
 * `a:1|c|#y:2,x:1` land on one series. The key reads like the wire format: `a|c|#x:1,y:2`
 * (tags sorted by key, a tag with an empty value written as its bare key).
 */
import type { Metric, MetricType, Tags } from './types.js';

/** The wire code of each type, as the key spells it. */
export const TYPE_CODES: Readonly<Record<MetricType, string>> = Object.freeze({
  counter: 'c',
  gauge: 'g',
  timer: 'ms',
  histogram: 'h',
  distribution: 'd',
  set: 's',
});

/** FNV-1a offset basis and prime: the identity hash starts from the one and multiplies by the other. */
export const FNV_BASIS = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a over the UTF-16 code units of `s`, from `h`. */
export function fnv(s: string, h = FNV_BASIS): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

/** A small number per type, 0 to 5 (also the aggregator's slot order). */
export function typeIndex(type: MetricType): number {
  switch (type) {
    case 'counter':
      return 0;
    case 'gauge':
      return 1;
    case 'timer':
      return 2;
    case 'histogram':
      return 3;
    case 'distribution':
      return 4;
    case 'set':
      return 5;
  }
}

/** Mixes the hash of a name (`fnv(name)`), a type and the hash of a tag key (`fnv(tagKey)`, 0 for ''). */
export function mixIdentity(nameHash: number, type: MetricType, tagHash: number): number {
  return Math.imul(Math.imul(nameHash ^ (typeIndex(type) + 1), FNV_PRIME) ^ tagHash, FNV_PRIME) >>> 0;
}

/** The identity hash of a series, as the parser puts it in `Metric.hash`. */
export function identityHash(name: string, type: MetricType, tagKey: string): number {
  return mixIdentity(fnv(name), type, tagKey === '' ? 0 : fnv(tagKey));
}

/** The tags in canonical order, `k:v,flag`, or '' when there are none. */
export function canonicalTags(tags: Tags): string {
  const keys = Object.keys(tags);
  if (keys.length === 0) return '';
  keys.sort();
  let out = '';
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const value = tags[key] as string;
    if (i > 0) out += ',';
    out += value === '' ? key : `${key}:${value}`;
  }
  return out;
}

/** Joins a name, a type and canonical tags (from `canonicalTags`) into the series key. */
export function joinSeriesKey(name: string, type: MetricType, canonical: string): string {
  const head = `${name}|${TYPE_CODES[type]}`;
  return canonical === '' ? head : `${head}|#${canonical}`;
}

/** The canonical series key of a name, type and tags. */
export function seriesKey(name: string, type: MetricType, tags: Tags): string {
  return joinSeriesKey(name, type, canonicalTags(tags));
}

/** The series key of a parsed metric. */
export function seriesOf(metric: Metric): string {
  return joinSeriesKey(metric.name, metric.type, metric.tagKey);
}
