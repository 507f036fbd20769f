/** The CSVs of an input argument: a file, or a folder searched recursively, sorted, without any under the output folder. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { CliError } from '../errors.js';

export interface CsvInputs {
  /** Whether the input was a folder (`root` is then its absolute path). */
  folder: boolean;
  root: string;
  /** Absolute or as-given paths of the CSVs, sorted. */
  paths: string[];
}

export function listCsvFiles(input: string, outDir: string): CsvInputs {
  let isDir: boolean;
  try {
    isDir = statSync(input).isDirectory();
  } catch {
    throw new CliError(`No such file or folder: ${input}`, 2);
  }
  if (!isDir) return { folder: false, root: resolve(input), paths: [input] };
  const root = resolve(input);
  const skip = resolve(outDir);
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      // An output folder inside the input folder is output, not input (a second run would read its own results).
      if (path === skip || path.startsWith(skip + sep)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.csv')) found.push(path);
    }
  };
  walk(root);
  if (found.length === 0) throw new CliError(`No .csv files under ${input}`);
  return { folder: true, root, paths: found.sort() };
}

/** A found path relative to the input folder. */
export const innerPath = (inputs: CsvInputs, path: string): string => relative(inputs.root, path);
