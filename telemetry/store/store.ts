/**
 * `TimeSeriesStore`: the embedded DuckDB store telemetry rollups land in, over one file (the
 * caller picks `<stateDir>/telemetry/metrics.duckdb`) or `:memory:`. One store per file per
 * process; its operations run one at a time on a single connection.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Rollup } from '../rollup/types.js';
import { writeBatch, type StagedRollup } from './append.js';
import { compactPoints, type CompactionReport } from './compact.js';
import { InvalidRollupError, InvalidStoreArgumentError, StoreClosedError } from './errors.js';
import { defaultField, type Field } from './fields.js';
import { readPoints, type Point } from './query.js';
import { parseRetention, type Retention, type RetentionOptions } from './retention.js';
import { migrate, readMeta } from './schema.js';
import { SeriesCatalog, type SeriesFilter, type SeriesInfo } from './series-catalog.js';
import { validateRollups } from './validate.js';
import { checkFilter, checkQuery, type QueryOptions } from './query-options.js';

export interface TimeSeriesStoreOptions {
  retention?: RetentionOptions;
  /** DuckDB worker threads; DuckDB's default (all cores) when absent. */
  threads?: number;
}

export interface AppendResult {
  /** Rows written. */
  written: number;
  /** Of those, how many replaced a stored row with the same series + start (a retried flush). */
  replaced: number;
  /** Rollups skipped for starting before the compaction watermark (already downsampled). */
  skipped: number;
  /** Series first seen in this batch. */
  newSeries: number;
}

/** A series as listed: its key, name, type and tags. */
export type SeriesDescriptor = Omit<SeriesInfo, 'id'>;

/** One series' points for the field read. */
export interface SeriesPoints extends SeriesDescriptor {
  field: Field;
  points: Point[];
}

/** Paths of the file stores open in this process (DuckDB allows one writer per file). */
const openPaths = new Set<string>();

export class TimeSeriesStore {
  readonly path: string;
  readonly retention: Retention;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  readonly #catalog: SeriesCatalog;
  #compactedUntil: number;
  #tail: Promise<unknown> = Promise.resolve();
  #closing: Promise<void> | undefined;

  private constructor(path: string, retention: Retention, instance: DuckDBInstance, connection: DuckDBConnection, catalog: SeriesCatalog, compactedUntil: number) {
    this.path = path;
    this.retention = retention;
    this.#instance = instance;
    this.#connection = connection;
    this.#catalog = catalog;
    this.#compactedUntil = compactedUntil;
  }

  /** Opens (creating when missing) the store at `path`, or an in-memory one for `':memory:'`. */
  static async open(path: string, options: TimeSeriesStoreOptions = {}): Promise<TimeSeriesStore> {
    const retention = parseRetention(options.retention);
    if (options.threads !== undefined && (!Number.isSafeInteger(options.threads) || options.threads < 1)) {
      throw new InvalidStoreArgumentError(`threads: expected a positive integer, got ${options.threads}`);
    }
    const memory = path === ':memory:';
    const key = memory ? path : resolve(path);
    if (!memory && openPaths.has(key)) throw new InvalidStoreArgumentError(`time-series store ${key} is already open in this process`);
    if (!memory) await mkdir(dirname(key), { recursive: true });
    const config: Record<string, string> = options.threads === undefined ? {} : { threads: String(options.threads) };
    const instance = await DuckDBInstance.create(key, config);
    let connection: DuckDBConnection | undefined;
    try {
      connection = await instance.connect();
      await migrate(connection);
      const catalog = await SeriesCatalog.load(connection);
      const compactedUntil = await readMeta(connection, 'compacted_until');
      if (!memory) openPaths.add(key);
      return new TimeSeriesStore(key, retention, instance, connection, catalog, compactedUntil);
    } catch (error) {
      connection?.closeSync();
      instance.closeSync();
      throw error;
    }
  }

  /**
   * Writes a batch in one transaction. Every rollup is checked first: one bad rollup refuses the
   * batch with `InvalidRollupError` and nothing is stored. Idempotent per series + start (the last
   * copy in a batch wins); rollups older than the compaction watermark are skipped.
   */
  append(rollups: readonly Rollup[]): Promise<AppendResult> {
    return this.#exclusive(async () => {
      const batch = validateRollups(rollups);
      const { ids, fresh, issues } = this.#catalog.resolve(batch);
      if (issues.length > 0) throw new InvalidRollupError(issues);
      const latest = new Map<string, StagedRollup>();
      batch.forEach((rollup, i) => latest.set(`${ids[i]!}:${rollup.start}`, { id: ids[i]!, rollup }));
      const rows = [...latest.values()].filter((row) => row.rollup.start >= this.#compactedUntil);
      const used = new Set(rows.map((row) => row.id));
      const newSeries = fresh.filter((s) => used.has(s.id));
      const replaced = rows.length > 0 ? await writeBatch(this.#connection, rows, newSeries) : 0;
      for (const s of newSeries) this.#catalog.add(s);
      return { written: rows.length, replaced, skipped: latest.size - rows.length, newSeries: newSeries.length };
    });
  }

  /** Points per matching series (series without points in the range are left out), by key. */
  query(options: QueryOptions): Promise<SeriesPoints[]> {
    return this.#exclusive(async () => {
      const { filter, range, field } = checkQuery(options);
      const series = this.#catalog.select(filter);
      const byField = new Map<Field, SeriesInfo[]>();
      for (const s of series) {
        const f = field ?? defaultField(s.type);
        const group = byField.get(f);
        if (group) group.push(s);
        else byField.set(f, [s]);
      }
      const out: SeriesPoints[] = [];
      for (const [f, group] of byField) {
        const points = await readPoints(this.#connection, group.map((s) => s.id), f, range);
        for (const { id: _id, ...s } of group) {
          const p = points.get(_id);
          if (p) out.push({ ...s, field: f, points: p });
        }
      }
      return out.sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : 0));
    });
  }

  /** The stored series matching every condition given, by key. */
  listSeries(filter: SeriesFilter = {}): Promise<SeriesDescriptor[]> {
    return this.#exclusive(() => {
      return Promise.resolve(this.#catalog.select(checkFilter(filter)).map(({ id: _id, ...s }) => s));
    });
  }

  /** Applies retention as of `now` (default: the clock) in one transaction; see `compact.ts`. */
  compact(now: number = Date.now()): Promise<CompactionReport> {
    return this.#exclusive(async () => {
      if (!Number.isSafeInteger(now) || now < 0) throw new InvalidStoreArgumentError(`compact: now must be epoch milliseconds, got ${now}`);
      await this.#connection.run('BEGIN TRANSACTION');
      let report: CompactionReport;
      try {
        report = await compactPoints(this.#connection, this.retention, now);
        await this.#connection.run('COMMIT');
      } catch (error) {
        await this.#connection.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
      this.#compactedUntil = Math.max(this.#compactedUntil, report.rawCutoff);
      for (const id of report.droppedSeries) this.#catalog.remove(id);
      return report;
    });
  }

  /** Waits for queued operations, checkpoints the file and closes it. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#tail.then(async () => {
      try {
        if (this.path !== ':memory:') await this.#connection.run('CHECKPOINT');
      } finally {
        this.#connection.closeSync();
        this.#instance.closeSync();
        openPaths.delete(this.path);
      }
    });
    return this.#closing;
  }

  /** Runs `fn` after every operation queued before it; refused once `close()` was called. */
  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(new StoreClosedError(this.path));
    const run = this.#tail.then(fn);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
