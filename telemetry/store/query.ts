/**
 * Reads points for a set of series: rows with `from <= start < to`, grouped per series into
 * buckets `t = start - start % step` (step 1 ms when none is asked, so each row is its own
 * bucket) and combined with the field's aggregate (`fields.ts`). Raw and downsampled rows are
 * read together; compaction never leaves both for one bucket of its own step.
 */
import { BIGINT, INTEGER, LIST, VARCHAR, listValue, type DuckDBConnection, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import { aggregateSql, type Field } from './fields.js';

/** One bucket: `t` its start (epoch ms), `value` the field's aggregate over it. */
export interface Point {
  t: number;
  value: number;
}

export interface PointsRange {
  from: number;
  to: number;
  step?: number;
}

/** The points of each series id (series without points in the range are absent). */
export async function readPoints(connection: DuckDBConnection, ids: readonly number[], field: Field, range: PointsRange): Promise<Map<number, Point[]>> {
  const out = new Map<number, Point[]>();
  if (ids.length === 0) return out;
  const { sql: aggregate, pkey } = aggregateSql(field);
  const values: Record<string, DuckDBValue> = {
    ids: listValue([...ids]),
    from: BigInt(range.from),
    to: BigInt(range.to),
    step: BigInt(range.step ?? 1),
  };
  const types: Record<string, DuckDBType> = { ids: LIST(INTEGER), from: BIGINT, to: BIGINT, step: BIGINT };
  if (pkey !== undefined) {
    values['pkey'] = pkey;
    types['pkey'] = VARCHAR;
  }
  const sql = `
    SELECT series_id, t, value FROM (
      SELECT series_id, (start_ms - start_ms % $step)::DOUBLE AS t, (${aggregate})::DOUBLE AS value
      FROM points SEMI JOIN (SELECT unnest($ids) AS id) AS wanted ON points.series_id = wanted.id
      WHERE start_ms >= $from AND start_ms < $to
      GROUP BY series_id, t
    ) WHERE value IS NOT NULL AND isfinite(value)
    ORDER BY series_id, t`;
  const reader = await connection.runAndReadAll(sql, values, types);
  for (const [id, t, value] of reader.getRowsJS()) {
    const key = Number(id);
    let points = out.get(key);
    if (!points) out.set(key, (points = []));
    points.push({ t: Number(t), value: Number(value) });
  }
  return out;
}
