/**
 * Retention in one transaction: rows whose start is older than the downsampled retention are
 * deleted; raw rows older than the raw retention (cut down to a step boundary, so every bucket is
 * rolled whole) are rolled into `downsampleStep` buckets and deleted; the cut becomes the
 * `compacted_until` watermark below which appends are skipped, so a late retry can neither count
 * a window twice nor meet a bucket already written; series left with no rows are dropped.
 */
import { BIGINT, type DuckDBConnection } from '@duckdb/node-api';
import type { Retention } from './retention.js';
import { SCALAR_COLUMN_NAMES } from './schema.js';

export interface CompactionReport {
  /** Raw rollups rolled into buckets (and deleted). */
  rolled: number;
  /** Downsampled buckets written. */
  buckets: number;
  /** Rows (raw or downsampled) deleted for being older than the downsampled retention. */
  expired: number;
  /** Ids of series left with no rows, deleted from the catalogue. */
  droppedSeries: number[];
  /** Raw rows starting before this (epoch ms) are now downsampled. */
  rawCutoff: number;
  /** Rows starting before this were expired. */
  downsampledCutoff: number;
}

const ROLL_UP = `
  INSERT INTO points (${SCALAR_COLUMN_NAMES}, pct)
  WITH src AS (SELECT *, start_ms - start_ms % $step AS bucket FROM points WHERE res = 0 AND start_ms < $cut),
  entries AS (SELECT series_id, bucket, n, unnest(map_entries(pct)) AS e FROM src WHERE pct IS NOT NULL),
  weighted AS (SELECT series_id, bucket, e.key AS k, sum(e.value * n) / sum(n) AS v FROM entries GROUP BY series_id, bucket, e.key),
  pcts AS (SELECT series_id, bucket, map_from_entries(list({'key': k, 'value': v} ORDER BY k)) AS pct FROM weighted GROUP BY series_id, bucket)
  SELECT s.series_id, $step, s.bucket, max(s.end_ms), sum(s.span_ms), sum(s.cnt), sum(s.sum_v), min(s.min_v), max(s.max_v),
    arg_max(s.last_v, s.last_at) FILTER (WHERE s.last_v IS NOT NULL), max(s.last_at) FILTER (WHERE s.last_v IS NOT NULL),
    max(s.uniq), sum(s.n), any_value(pcts.pct)
  FROM src AS s LEFT JOIN pcts ON s.series_id = pcts.series_id AND s.bucket = pcts.bucket
  GROUP BY s.series_id, s.bucket`;

/** Applies retention as of `now` (epoch ms). Runs inside the caller's transaction. */
export async function compactPoints(connection: DuckDBConnection, retention: Retention, now: number): Promise<CompactionReport> {
  const step = retention.downsampleStep;
  const downsampledCutoff = now - retention.downsampled;
  const rawCutoff = Math.max(0, Math.floor((now - retention.raw) / step) * step);
  const expired = (await connection.run('DELETE FROM points WHERE start_ms < $cut', { cut: BigInt(downsampledCutoff) }, { cut: BIGINT })).rowsChanged;
  const params = { cut: BigInt(rawCutoff), step: BigInt(step) };
  const types = { cut: BIGINT, step: BIGINT };
  const buckets = (await connection.run(ROLL_UP, params, types)).rowsChanged;
  const rolled = (await connection.run('DELETE FROM points WHERE res = 0 AND start_ms < $cut', { cut: params.cut }, { cut: BIGINT })).rowsChanged;
  await connection.run(`UPDATE meta SET value = greatest(value, $cut) WHERE key = 'compacted_until'`, { cut: params.cut }, { cut: BIGINT });
  const dropped = await connection.runAndReadAll('DELETE FROM series WHERE id NOT IN (SELECT DISTINCT series_id FROM points) RETURNING id');
  const droppedSeries = dropped.getRowsJS().map(([id]) => Number(id));
  return { rolled, buckets, expired, droppedSeries, rawCutoff, downsampledCutoff };
}
