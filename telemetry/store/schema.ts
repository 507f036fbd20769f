/**
 * The store's tables. `series` is the catalogue (one row per canonical key, tags as JSON);
 * `points` holds raw rollups (`res` 0) and downsampled buckets (`res` = the step in ms), at most
 * one row per (series_id, res, start_ms): append deletes the batch's keys before inserting
 * (rows arrive in time order, so the start-range filter prunes to recent row groups; no primary
 * key, whose in-memory index would grow with every row kept), and compaction only writes buckets
 * below the watermark no raw row can reach again. `n` counts the raw rollups behind a row and
 * `span_ms` the time they covered, so percentile averages and rates re-aggregate exactly after
 * downsampling. The `stage_*` temp tables take a batch through DuckDB's appender (percentiles as
 * plain rows: appending MAP values is slow) before the one-transaction write.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { InvalidStoreArgumentError } from './errors.js';

export const SCHEMA_VERSION = 1;

/** The columns of `points` but its percentiles, in appender order (shared by the stage table). */
const SCALAR_COLUMNS = `
  series_id INTEGER NOT NULL,
  res BIGINT NOT NULL,
  start_ms BIGINT NOT NULL,
  end_ms BIGINT NOT NULL,
  span_ms BIGINT NOT NULL,
  cnt DOUBLE NOT NULL,
  sum_v DOUBLE NOT NULL,
  min_v DOUBLE NOT NULL,
  max_v DOUBLE NOT NULL,
  last_v DOUBLE,
  last_at BIGINT,
  uniq DOUBLE,
  n BIGINT NOT NULL`;

export const SCALAR_COLUMN_NAMES = 'series_id, res, start_ms, end_ms, span_ms, cnt, sum_v, min_v, max_v, last_v, last_at, uniq, n';

const DDL = [
  'CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value BIGINT NOT NULL)',
  'CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, key VARCHAR NOT NULL UNIQUE, name VARCHAR NOT NULL, type VARCHAR NOT NULL, tags VARCHAR NOT NULL)',
  `CREATE TABLE IF NOT EXISTS points (${SCALAR_COLUMNS},\n  pct MAP(VARCHAR, DOUBLE))`,
  `CREATE TEMP TABLE IF NOT EXISTS stage_points (${SCALAR_COLUMNS})`,
  'CREATE TEMP TABLE IF NOT EXISTS stage_pct (series_id INTEGER, start_ms BIGINT, k VARCHAR, v DOUBLE)',
  'CREATE TEMP TABLE IF NOT EXISTS stage_series (id INTEGER, key VARCHAR, name VARCHAR, type VARCHAR, tags VARCHAR)',
];

/** Creates the tables when missing and checks the file's schema version. */
export async function migrate(connection: DuckDBConnection): Promise<void> {
  for (const statement of DDL) await connection.run(statement);
  const rows = (await connection.runAndReadAll(`SELECT value FROM meta WHERE key = 'schema_version'`)).getRowsJS();
  const found = rows[0]?.[0];
  if (found === undefined) {
    await connection.run(`INSERT INTO meta VALUES ('schema_version', ${SCHEMA_VERSION}), ('compacted_until', 0)`);
  } else if (Number(found) !== SCHEMA_VERSION) {
    throw new InvalidStoreArgumentError(`time-series store has schema version ${String(found)}; this swaybot reads version ${SCHEMA_VERSION}`);
  }
}

/** Reads a bigint `meta` value (0 when absent). */
export async function readMeta(connection: DuckDBConnection, key: string): Promise<number> {
  const rows = (await connection.runAndReadAll('SELECT value FROM meta WHERE key = $key', { key })).getRowsJS();
  return Number(rows[0]?.[0] ?? 0);
}
