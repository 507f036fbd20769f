/**
 * Writes one batch: rows (and, apart, their percentiles) go through DuckDB's appender into the
 * connection's temp stage tables, then one transaction inserts the new series, deletes any stored
 * raw row with a staged series + start (so a retried flush replaces what it wrote instead of
 * adding to it) and inserts the batch. On any failure the transaction is rolled back and nothing
 * of the batch remains.
 */
import { BIGINT, type DuckDBAppender, type DuckDBConnection } from '@duckdb/node-api';
import type { Rollup } from '../rollup/types.js';
import { SCALAR_COLUMN_NAMES } from './schema.js';
import { tagsJson, type SeriesInfo } from './series-catalog.js';

/** A rollup with its series id resolved. */
export interface StagedRollup {
  id: number;
  rollup: Rollup;
}

function appendNullable(appender: DuckDBAppender, value: number | undefined, append: (v: number) => void): void {
  if (value === undefined) appender.appendNull();
  else append(value);
}

function stageRow(appender: DuckDBAppender, { id, rollup: r }: StagedRollup): void {
  appender.appendInteger(id);
  appender.appendBigInt(0n);
  appender.appendBigInt(BigInt(r.start));
  appender.appendBigInt(BigInt(r.end));
  appender.appendBigInt(BigInt(r.end - r.start));
  appender.appendDouble(r.count);
  appender.appendDouble(r.sum);
  appender.appendDouble(r.min);
  appender.appendDouble(r.max);
  appendNullable(appender, r.last, (v) => appender.appendDouble(v));
  appendNullable(appender, r.last === undefined ? undefined : r.end, (v) => appender.appendBigInt(BigInt(v)));
  appendNullable(appender, r.unique, (v) => appender.appendDouble(v));
  appender.appendBigInt(1n);
  appender.endRow();
}

function stagePercentiles(appender: DuckDBAppender, { id, rollup: r }: StagedRollup): void {
  for (const [k, v] of Object.entries(r.p ?? {})) {
    appender.appendInteger(id);
    appender.appendBigInt(BigInt(r.start));
    appender.appendVarchar(k);
    appender.appendDouble(v);
    appender.endRow();
  }
}

/** Stored raw rows the batch replaces; `$lo`/`$hi` bound the batch's starts for row-group pruning. */
const REPLACE = `
  DELETE FROM points WHERE res = 0 AND start_ms >= $lo AND start_ms <= $hi
    AND (series_id, start_ms) IN (SELECT series_id, start_ms FROM stage_points)`;

/** Stage rows joined with their percentiles folded back into a MAP. */
const INSERT = `
  INSERT INTO points (${SCALAR_COLUMN_NAMES}, pct)
  SELECT s.*, p.pct FROM stage_points AS s
  LEFT JOIN (SELECT series_id, start_ms, map_from_entries(list({'key': k, 'value': v})) AS pct FROM stage_pct GROUP BY series_id, start_ms) AS p
    ON s.series_id = p.series_id AND s.start_ms = p.start_ms`;

async function withAppender(connection: DuckDBConnection, table: string, fill: (appender: DuckDBAppender) => void): Promise<void> {
  const appender = await connection.createAppender(table, 'main', 'temp');
  try {
    fill(appender);
    appender.flushSync();
  } finally {
    appender.closeSync();
  }
}

/**
 * Stages and commits `rows` (one per series + start) and the `fresh` series they introduce;
 * returns how many stored rows were replaced.
 */
export async function writeBatch(connection: DuckDBConnection, rows: readonly StagedRollup[], fresh: readonly SeriesInfo[]): Promise<number> {
  for (const table of ['stage_points', 'stage_pct', 'stage_series']) await connection.run(`DELETE FROM ${table}`);
  await withAppender(connection, 'stage_points', (appender) => {
    for (const row of rows) stageRow(appender, row);
  });
  if (rows.some((row) => row.rollup.p !== undefined)) {
    await withAppender(connection, 'stage_pct', (appender) => {
      for (const row of rows) stagePercentiles(appender, row);
    });
  }
  if (fresh.length > 0) {
    await withAppender(connection, 'stage_series', (appender) => {
      for (const s of fresh) {
        appender.appendInteger(s.id);
        appender.appendVarchar(s.series);
        appender.appendVarchar(s.name);
        appender.appendVarchar(s.type);
        appender.appendVarchar(tagsJson(s.tags));
        appender.endRow();
      }
    });
  }
  await connection.run('BEGIN TRANSACTION');
  try {
    if (fresh.length > 0) await connection.run('INSERT INTO series SELECT * FROM stage_series');
    let lo = Infinity;
    let hi = -Infinity;
    for (const { rollup } of rows) {
      lo = Math.min(lo, rollup.start);
      hi = Math.max(hi, rollup.start);
    }
    const bounds = { lo: BigInt(lo), hi: BigInt(hi) };
    const replaced = (await connection.run(REPLACE, bounds, { lo: BIGINT, hi: BIGINT })).rowsChanged;
    await connection.run(INSERT);
    await connection.run('COMMIT');
    return replaced;
  } catch (error) {
    await connection.run('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await connection.run('DELETE FROM stage_points');
    await connection.run('DELETE FROM stage_pct');
  }
}
