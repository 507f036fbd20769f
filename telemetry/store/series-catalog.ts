/**
 * The series catalogue in memory: canonical key → id, with inverted indexes by name and by
 * `tag=value`, so `listSeries` and a query's series selection cost the size of the smallest
 * matching set rather than a scan. Loaded from the `series` table on open; only changed after
 * the transaction that wrote a series commits.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Rollup, RollupType } from '../rollup/types.js';

export interface SeriesInfo {
  readonly id: number;
  /** The canonical series key. */
  readonly series: string;
  readonly name: string;
  readonly type: RollupType;
  readonly tags: Readonly<Record<string, string>>;
}

export interface SeriesFilter {
  name?: string;
  series?: string;
  /** Every pair must match (a series may carry more tags). */
  tags?: Readonly<Record<string, string>>;
}

/** Tags as sorted-entry JSON: equal tag sets give equal strings. */
export function tagsJson(tags: Readonly<Record<string, string>>): string {
  return JSON.stringify(Object.fromEntries(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function addTo(index: Map<string, Set<number>>, key: string, id: number): void {
  let ids = index.get(key);
  if (!ids) index.set(key, (ids = new Set()));
  ids.add(id);
}

export class SeriesCatalog {
  readonly #byKey = new Map<string, SeriesInfo>();
  readonly #byId = new Map<number, SeriesInfo>();
  readonly #byName = new Map<string, Set<number>>();
  readonly #byTag = new Map<string, Set<number>>();
  #nextId = 1;

  /** Reads every series row. */
  static async load(connection: DuckDBConnection): Promise<SeriesCatalog> {
    const catalog = new SeriesCatalog();
    const reader = await connection.runAndReadAll('SELECT id, key, name, type, tags FROM series ORDER BY id');
    for (const [id, key, name, type, tags] of reader.getRowsJS()) {
      catalog.add({ id: Number(id), series: String(key), name: String(name), type: String(type) as RollupType, tags: JSON.parse(String(tags)) as Record<string, string> });
    }
    return catalog;
  }

  get size(): number {
    return this.#byKey.size;
  }

  byId(id: number): SeriesInfo | undefined {
    return this.#byId.get(id);
  }

  add(info: SeriesInfo): void {
    this.#byKey.set(info.series, info);
    this.#byId.set(info.id, info);
    addTo(this.#byName, info.name, info.id);
    for (const [k, v] of Object.entries(info.tags)) addTo(this.#byTag, `${k}\u0000${v}`, info.id);
    this.#nextId = Math.max(this.#nextId, info.id + 1);
  }

  remove(id: number): void {
    const info = this.#byId.get(id);
    if (!info) return;
    this.#byKey.delete(info.series);
    this.#byId.delete(id);
    this.#byName.get(info.name)?.delete(id);
    for (const [k, v] of Object.entries(info.tags)) this.#byTag.get(`${k}\u0000${v}`)?.delete(id);
  }

  /**
   * The series id of each rollup, allocating ids for new keys (returned in `fresh`, not yet
   * added). A key already known under another name, type or tag set is an issue.
   */
  resolve(rollups: readonly Rollup[]): { ids: number[]; fresh: SeriesInfo[]; issues: string[] } {
    const fresh = new Map<string, SeriesInfo>();
    const ids: number[] = [];
    const issues: string[] = [];
    let next = this.#nextId;
    rollups.forEach((r, i) => {
      let info = this.#byKey.get(r.series) ?? fresh.get(r.series);
      if (!info) {
        info = { id: next++, series: r.series, name: r.name, type: r.type, tags: { ...r.tags } };
        fresh.set(r.series, info);
      } else if (info.name !== r.name || info.type !== r.type || tagsJson(info.tags) !== tagsJson(r.tags)) {
        issues.push(`rollups[${i}].series: key ${JSON.stringify(r.series)} is already stored as ${info.type} ${JSON.stringify(info.name)} with tags ${tagsJson(info.tags)}`);
      }
      ids.push(info.id);
    });
    return { ids, fresh: [...fresh.values()], issues };
  }

  /** The series matching every given condition, by key. */
  select(filter: SeriesFilter): SeriesInfo[] {
    const candidates: Array<ReadonlySet<number>> = [];
    if (filter.series !== undefined) {
      const info = this.#byKey.get(filter.series);
      candidates.push(new Set(info ? [info.id] : []));
    }
    if (filter.name !== undefined) candidates.push(this.#byName.get(filter.name) ?? new Set());
    for (const [k, v] of Object.entries(filter.tags ?? {})) candidates.push(this.#byTag.get(`${k}\u0000${v}`) ?? new Set());
    const smallest = candidates.reduce<ReadonlySet<number> | undefined>((a, b) => (a === undefined || b.size < a.size ? b : a), undefined);
    const pool = smallest ? [...smallest].map((id) => this.#byId.get(id)) : [...this.#byId.values()];
    const tags = Object.entries(filter.tags ?? {});
    const matches = pool.filter(
      (info): info is SeriesInfo =>
        info !== undefined &&
        (filter.series === undefined || info.series === filter.series) &&
        (filter.name === undefined || info.name === filter.name) &&
        tags.every(([k, v]) => Object.hasOwn(info.tags, k) && info.tags[k] === v),
    );
    return matches.sort((a, b) => (a.series < b.series ? -1 : a.series > b.series ? 1 : 0));
  }
}
