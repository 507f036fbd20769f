/**
 * Reads an M4 competition CSV (`Hourly-train.csv` and its siblings): a header `"V1".."Vk"`, then
 * one series a row, V1 = the quoted id (`H1`), the values after it, rows padded with empty cells.
 */
import { readFileSync } from 'node:fs';

export interface M4Dataset {
  ids: string[];
  /** values[i] belongs to ids[i], oldest first, padding dropped. */
  values: number[][];
}

/** Parses the CSV text; throws on a row whose id is missing or whose cells are not numbers. */
export function parseM4Csv(text: string): M4Dataset {
  const ids: string[] = [];
  const values: number[][] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const cells = line.split(',');
    const id = unquote(cells[0] ?? '');
    if (id === '') throw new Error(`M4 CSV line ${i + 1}: no id`);
    const row: number[] = [];
    for (let j = 1; j < cells.length; j++) {
      const cell = unquote(cells[j]!);
      if (cell === '' || cell === 'NA') continue;
      const x = Number(cell);
      if (!Number.isFinite(x)) throw new Error(`M4 CSV line ${i + 1} (${id}): cell V${j + 1} is not a number: ${cell}`);
      row.push(x);
    }
    ids.push(id);
    values.push(row);
  }
  return { ids, values };
}

/** Reads and parses an M4 CSV file. */
export function readM4Csv(path: string): M4Dataset {
  return parseM4Csv(readFileSync(path, 'utf8'));
}

function unquote(cell: string): string {
  const s = cell.trim();
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}
