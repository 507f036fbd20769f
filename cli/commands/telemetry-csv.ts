/**
 * Reading `timestamp,value` CSVs for `swaybot telemetry detect` and `replay`: NAB's dialect (a
 * header line, comma-separated fields, no quoting beyond a field wrapped in `"`), the two columns
 * in any order among others, blank lines skipped. Timestamps may be NAB's `YYYY-MM-DD HH:MM:SS`
 * (UTC), ISO 8601 (UTC unless it names a zone) or unix seconds or milliseconds. Every problem is
 * a `SeriesCsvError` naming `file:line`, so an editor can jump to it.
 */
import { readFileSync } from 'node:fs';

/** One series as read: what the results files keep (`stamps` as written) and what detectors see. */
export interface SeriesCsv {
  /** The timestamps as written in the file. */
  stamps: string[];
  /** Epoch ms. */
  timestamps: number[];
  values: Float64Array;
  /** The file line (1-based) of each row, for errors about a row found after parsing. */
  lines: number[];
}

/** A problem at `file:line` (line 1 is the header). */
export class SeriesCsvError extends Error {
  override name = 'SeriesCsvError';
  readonly file: string;
  readonly line: number;

  constructor(file: string, line: number, problem: string) {
    super(`${file}:${line}: ${problem}`);
    this.file = file;
    this.line = line;
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const UNIX = /^\d{1,16}(?:\.\d+)?$/;
/** Below this a unix number is seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_BELOW = 1e11;

/** Epoch ms of `text` (NAB, ISO 8601 or unix seconds/ms), or undefined when it is none of those. */
export function parseTimestamp(text: string): number | undefined {
  const s = text.trim();
  if (UNIX.test(s)) {
    const n = Number(s);
    return Math.round(n < SECONDS_BELOW ? n * 1000 : n);
  }
  const m = ISO.exec(s);
  if (m === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', sec = '0', frac, zone] = m;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
  const back = new Date(utc);
  // Date.UTC rolls 2014-02-30 over into March: a date that does not round-trip does not exist.
  if (back.getUTCMonth() !== Number(mo) - 1 || back.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) return undefined;
  return utc - zoneOffsetMs(zone);
}

/** `+02:00`, `-0530`, `+01` or `Z` as milliseconds east of UTC. */
function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return (zone.startsWith('-') ? -1 : 1) * minutes * 60_000;
}

/** A field without the whitespace and double quotes around it. */
function field(raw: string | undefined): string {
  const t = (raw ?? '').trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1).trim() : t;
}

/** Parses CSV `text` of `file` (the name errors show); throws `SeriesCsvError` at the first problem. */
export function parseSeriesCsv(text: string, file: string): SeriesCsv {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headAt = lines.findIndex((l) => l.trim() !== '');
  if (headAt < 0) throw new SeriesCsvError(file, 1, 'empty file; expected a header with timestamp and value columns');
  const header = lines[headAt]!.split(',').map((h) => field(h).toLowerCase());
  const ti = header.indexOf('timestamp');
  const vi = header.indexOf('value');
  if (ti < 0 || vi < 0) {
    const missing = [ti < 0 ? 'timestamp' : '', vi < 0 ? 'value' : ''].filter(Boolean).join(' and ');
    throw new SeriesCsvError(file, headAt + 1, `no ${missing} column in the header \`${lines[headAt]!.trim()}\`; expected columns timestamp,value`);
  }
  const stamps: string[] = [];
  const timestamps: number[] = [];
  const values: number[] = [];
  const rows: number[] = [];
  for (let i = headAt + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const fields = line.split(',');
    if (fields.length <= Math.max(ti, vi)) throw new SeriesCsvError(file, i + 1, `${fields.length} field${fields.length === 1 ? '' : 's'}, expected ${header.length} as in the header`);
    const stamp = field(fields[ti]);
    const t = parseTimestamp(stamp);
    if (t === undefined) throw new SeriesCsvError(file, i + 1, `not a timestamp: ${JSON.stringify(stamp)}; expected YYYY-MM-DD HH:MM:SS (UTC), ISO 8601 or unix seconds/ms`);
    const raw = field(fields[vi]);
    const v = Number(raw);
    if (raw === '' || !Number.isFinite(v)) throw new SeriesCsvError(file, i + 1, `not a number: value ${JSON.stringify(raw)}`);
    stamps.push(stamp);
    timestamps.push(t);
    values.push(v);
    rows.push(i + 1);
  }
  if (values.length === 0) throw new SeriesCsvError(file, headAt + 1, 'a header but no data rows');
  return { stamps, timestamps, values: Float64Array.from(values), lines: rows };
}

/** Reads and parses `path`; `shown` is the name errors use (default the path). */
export function readSeriesCsv(path: string, shown = path): SeriesCsv {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SeriesCsvError(shown, 1, `cannot read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseSeriesCsv(text, shown);
}
