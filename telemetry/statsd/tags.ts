/**
 * The DogStatsD tag section, `#k:v,k2,url:http://x`: tags split on `,`, a tag's key ends at its
 * first `:` (the value may hold more), a tag without `:` has the empty value. Refused (`bad-tag`):
 * an empty section or tag, an empty key, a space or control character, a duplicate key, a tag
 * over `maxTagLength` or more than `maxTags` tags. `k:` and `k` are the same tag.
 *
 * Clients send the same few tag sections over and over, so accepted sections are memoised (per
 * limits object, up to `CACHE_LIMIT` of them, then the memo starts afresh): a repeat costs one map
 * look-up, and its metrics share one frozen tags object. Entries are copies, never slices of a
 * packet, so the memo keeps no packet alive. Results are the same with or without it.
 */
import { canonicalTags, fnv } from './series.js';
import { isControlOrSpace } from './scan.js';
import type { ParseLimits, Tags } from './types.js';

export interface ParsedTags {
  /** Frozen, null-prototype, shared between metrics: never change it. */
  readonly tags: Tags;
  /** The tags in canonical order (the raw text when it already was). */
  readonly canonical: string;
  /** `fnv(canonical)`, computed once. */
  readonly hash: number;
}

const CACHE_LIMIT = 4096;
const caches = new WeakMap<ParseLimits, Map<string, ParsedTags>>();
let lastLimits: ParseLimits | undefined;
let lastCache: Map<string, ParsedTags> | undefined;

/** A copy of `s` that shares no memory with the (possibly much larger) string it was sliced from. */
export function ownString(s: string): string {
  return (' ' + s).slice(1);
}

/** Parses a whole tag section; 'bad-tag' when it breaks a rule above. */
function parseSection(s: string, limits: ParseLimits): ParsedTags | 'bad-tag' {
  const end = s.length;
  const tags: Record<string, string> = Object.create(null) as Record<string, string>;
  let count = 0;
  let sorted = true;
  let previous = '';
  let i = 0;
  while (i <= end) {
    const tagStart = i;
    let colon = -1;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c === 44) break;
      if (c === 58 && colon === -1) colon = i;
      else if (isControlOrSpace(c)) return 'bad-tag';
      i++;
    }
    const tagEnd = i;
    if (tagEnd === tagStart || tagEnd - tagStart > limits.maxTagLength || colon === tagStart) return 'bad-tag';
    if (++count > limits.maxTags) return 'bad-tag';
    const key = s.slice(tagStart, colon === -1 ? tagEnd : colon);
    if (key in tags) return 'bad-tag';
    const value = colon === -1 ? '' : s.slice(colon + 1, tagEnd);
    tags[key] = value;
    // The raw text is canonical only when keys ascend and no tag is written `k:`.
    if (sorted && ((count > 1 && !(previous < key)) || (colon !== -1 && value === ''))) sorted = false;
    previous = key;
    i = tagEnd + 1;
  }
  const canonical = sorted ? s : canonicalTags(tags);
  return { tags: Object.freeze(tags), canonical, hash: fnv(canonical) };
}

/** Parses `s[start, end)`, the text after `#`; 'bad-tag' when it breaks a rule above. */
export function parseTags(s: string, start: number, end: number, limits: ParseLimits): ParsedTags | 'bad-tag' {
  if (start >= end) return 'bad-tag';
  let cache = limits === lastLimits ? lastCache : caches.get(limits);
  if (cache === undefined) caches.set(limits, (cache = new Map()));
  lastLimits = limits;
  lastCache = cache;
  const raw = s.slice(start, end);
  const hit = cache.get(raw);
  if (hit !== undefined) return hit;
  const own = ownString(raw);
  const parsed = parseSection(own, limits);
  if (parsed === 'bad-tag') return parsed;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(own, parsed);
  return parsed;
}
