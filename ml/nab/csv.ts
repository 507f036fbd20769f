/**
 * The small CSV dialect of NAB files: a header line, comma-separated fields, no quoting.
 * Reads a column by name; writes rows with the values formatted as given.
 */
import { readFileSync } from 'node:fs';

/** A parsed CSV: header names and the rows' fields. */
export interface Table {
  header: string[];
  rows: string[][];
}

/** Parses CSV `text` (first line the header; blank lines skipped). */
export function parseCsv(text: string): Table {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const [head, ...rest] = lines;
  if (head === undefined) return { header: [], rows: [] };
  return { header: head.split(',').map((h) => h.trim()), rows: rest.map((l) => l.split(',')) };
}

/** Reads CSV file `path`. */
export function readCsv(path: string): Table {
  return parseCsv(readFileSync(path, 'utf8'));
}

/** The fields of column `name`; throws when the header lacks it. */
export function column(table: Table, name: string): string[] {
  const at = table.header.indexOf(name);
  if (at < 0) throw new Error(`no column ${name} in header ${table.header.join(',')}`);
  return table.rows.map((r) => r[at] ?? '');
}

/** Column `name` as numbers; throws on a field that is not a finite number. */
export function numberColumn(table: Table, name: string): Float64Array {
  const fields = column(table, name);
  const out = new Float64Array(fields.length);
  fields.forEach((f, i) => {
    const v = Number(f);
    if (f.trim() === '' || !Number.isFinite(v)) throw new Error(`column ${name}, row ${i + 1}: not a number: ${JSON.stringify(f)}`);
    out[i] = v;
  });
  return out;
}
