/**
 * Trained forecasting models on disk: each in its own folder `<modelDir>/<version>/` (weights and
 * metadata, ml/forecast/learned/artifact.ts), and `<modelDir>/current.json` naming the one in use
 * with its backtest score. Promotion writes a temporary file and renames it, so a reader sees the
 * old pointer or the new one, never half of one.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface CurrentModel {
  version: string;
  family: string;
  /** Mean sMAPE on the held-out last horizon of the training series (lower is better). */
  score: number;
  promotedAt: string;
}

export const modelFolder = (modelDir: string, version: string): string => join(modelDir, version.replace(/[^A-Za-z0-9._@-]/g, '_'));

export function readCurrent(modelDir: string): CurrentModel | undefined {
  const file = join(modelDir, 'current.json');
  if (!existsSync(file)) return undefined;
  const json = JSON.parse(readFileSync(file, 'utf8')) as Partial<CurrentModel>;
  if (typeof json.version !== 'string' || typeof json.family !== 'string' || typeof json.score !== 'number') {
    throw new Error(`${file}: expected {"version", "family", "score", "promotedAt"}`);
  }
  return json as CurrentModel;
}

export function promote(modelDir: string, current: CurrentModel): void {
  mkdirSync(modelDir, { recursive: true });
  const file = join(modelDir, 'current.json');
  writeFileSync(`${file}.tmp`, `${JSON.stringify(current, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
}
