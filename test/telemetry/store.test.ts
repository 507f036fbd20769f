/**
 * The time-series store on real DuckDB (in memory and on files): round trips by name, tags and
 * range; hand-computed downsampling; idempotent re-append; durability across reopen; bad input
 * refused whole. Compaction is in store-compaction.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { InvalidRollupError, InvalidStoreArgumentError, StoreClosedError, TimeSeriesStore, type Field } from '../../telemetry/store/index.js';
import { MIN, SEC, T0, openStore, rollup, tempStorePath } from './store-support.js';

describe('TimeSeriesStore', () => {
  it('round-trips rollups by name, by tags and by range', async () => {
    const store = await openStore();
    const batch = [0, 1, 2, 3].flatMap((w) => [
      rollup('cpu', { host: 'a', dc: 'x' }, T0 + w * 10 * SEC, { count: 10 + w, sum: 10 + w }),
      rollup('cpu', { host: 'b', dc: 'x' }, T0 + w * 10 * SEC, { count: 20 + w, sum: 20 + w }),
      rollup('mem', { host: 'a' }, T0 + w * 10 * SEC, { last: 100 + w, sum: 100 + w }, 'gauge'),
    ]);
    expect(await store.append(batch)).toEqual({ written: 12, replaced: 0, skipped: 0, newSeries: 3 });

    const cpu = await store.query({ name: 'cpu', from: T0, to: T0 + MIN });
    expect(cpu.map((s) => s.series)).toEqual(['cpu|c|#dc:x,host:a', 'cpu|c|#dc:x,host:b']);
    expect(cpu[0]).toMatchObject({ name: 'cpu', type: 'counter', tags: { host: 'a', dc: 'x' }, field: 'sum' });
    expect(cpu[0]!.points).toEqual([0, 1, 2, 3].map((w) => ({ t: T0 + w * 10 * SEC, value: 10 + w })));

    const hostA = await store.query({ tags: { host: 'a' }, from: T0, to: T0 + MIN });
    expect(hostA.map((s) => [s.name, s.field])).toEqual([['cpu', 'sum'], ['mem', 'last']]);
    expect(hostA[1]!.points.map((p) => p.value)).toEqual([100, 101, 102, 103]);
    expect(await store.query({ tags: { host: 'a', dc: 'x' }, from: T0, to: T0 + MIN })).toHaveLength(1);
    expect(await store.query({ name: 'cpu', tags: { host: 'nope' }, from: T0, to: T0 + MIN })).toEqual([]);
    const bySeries = await store.query({ series: 'cpu|c|#dc:x,host:b', field: 'count', from: T0, to: T0 + MIN });
    expect(bySeries.map((s) => s.points.map((p) => p.value))).toEqual([[20, 21, 22, 23]]);

    // from inclusive, to exclusive, on each row's start.
    const range = await store.query({ series: 'cpu|c|#dc:x,host:a', from: T0 + 10 * SEC, to: T0 + 30 * SEC });
    expect(range[0]!.points.map((p) => p.t)).toEqual([T0 + 10 * SEC, T0 + 20 * SEC]);
    expect(await store.query({ name: 'cpu', from: T0 + MIN, to: T0 + 2 * MIN })).toEqual([]);

    expect((await store.listSeries({ tags: { dc: 'x' } })).map((s) => s.series)).toEqual(['cpu|c|#dc:x,host:a', 'cpu|c|#dc:x,host:b']);
    expect(await store.listSeries({ name: 'mem' })).toEqual([{ series: 'mem|g|#host:a', name: 'mem', type: 'gauge', tags: { host: 'a' } }]);
    expect(await store.listSeries()).toHaveLength(3);
  });

  it('downsamples with each field’s aggregate (hand-computed)', async () => {
    const store = await openStore();
    const tags = { route: '/a' };
    // start offset (s), count, sum, min, max, p50, p99, gauge last
    const windows = [
      [0, 2, 30, 10, 20, 10, 20, 3],
      [10, 3, 60, 5, 40, 15, 40, 8],
      [20, 1, 7, 7, 7, 7, 7, 5],
      [30, 4, 100, 1, 50, 20, 50, 9],
      [40, 2, 10, 4, 6, 5, 6, 1],
    ] as const;
    await store.append(
      windows.flatMap(([s, count, sum, min, max, p50, p99, last]) => [
        rollup('api.latency', tags, T0 + s * SEC, { count, sum, min, max, p: { p50, p99 } }, 'timer'),
        rollup('queue.depth', tags, T0 + s * SEC, { count: 1, sum: last, min: last, max: last, last }, 'gauge'),
      ]),
    );
    const query = (field: Field | undefined, name: string) => store.query({ name, from: T0, to: T0 + MIN, step: 30 * SEC, ...(field ? { field } : {}) });
    const read = async (field: Field | undefined, name = 'api.latency') => (await query(field, name))[0]!.points;
    expect(await read('count')).toEqual([{ t: T0, value: 6 }, { t: T0 + 30 * SEC, value: 6 }]);
    expect((await read('sum')).map((p) => p.value)).toEqual([97, 110]);
    expect((await read('min')).map((p) => p.value)).toEqual([5, 1]);
    expect((await read('max')).map((p) => p.value)).toEqual([40, 50]);
    const mean = (await read(undefined)).map((p) => p.value);
    expect(mean[0]).toBeCloseTo(97 / 6, 12);
    expect(mean[1]).toBeCloseTo(110 / 6, 12);
    const p50 = (await read('p50')).map((p) => p.value);
    expect(p50[0]).toBeCloseTo(32 / 3, 12);
    expect(p50[1]).toBeCloseTo(12.5, 12);
    expect((await read('p99')).map((p) => p.value)).toEqual([(20 + 40 + 7) / 3, 28]);
    expect((await read('rate')).map((p) => p.value)).toEqual([6 / 30, 6 / 20]);
    expect(await query('p75', 'api.latency')).toEqual([]); // no such percentile: no points, so no series
    expect((await read(undefined, 'queue.depth')).map((p) => p.value)).toEqual([5, 1]);
    expect((await read('mean', 'queue.depth')).map((p) => p.value)).toEqual([16 / 3, 5]);
  });

  it('is idempotent per series + start: a retried flush replaces, never doubles', async () => {
    const store = await openStore();
    const batch = [0, 1, 2].map((w) => rollup('req', { svc: 'api' }, T0 + w * 10 * SEC, { count: 5, sum: 5 }));
    await store.append(batch);
    expect(await store.append(batch)).toEqual({ written: 3, replaced: 3, skipped: 0, newSeries: 0 });
    const total = async () => (await store.query({ name: 'req', field: 'count', from: T0, to: T0 + MIN, step: MIN }))[0]!.points;
    expect(await total()).toEqual([{ t: T0, value: 15 }]);
    // A corrected copy replaces; duplicates inside one batch: the last one wins.
    const twice = [rollup('req', { svc: 'api' }, T0, { count: 7, sum: 7 }), rollup('req', { svc: 'api' }, T0, { count: 9, sum: 9 })];
    expect(await store.append(twice)).toEqual({ written: 1, replaced: 1, skipped: 0, newSeries: 0 });
    expect(await total()).toEqual([{ t: T0, value: 19 }]);
    expect(await store.listSeries()).toHaveLength(1);
  });

  it('keeps what was written across close and reopen of a file store', async () => {
    const path = tempStorePath();
    const first = await TimeSeriesStore.open(path);
    await first.append([0, 1].map((w) => rollup('disk', { dev: 'sda' }, T0 + w * 10 * SEC, { count: 2, sum: 40, min: 10, max: 30, p: { p90: 29 } }, 'histogram')));
    await expect(TimeSeriesStore.open(path)).rejects.toThrow(/already open in this process/);
    await first.close();
    await first.close(); // idempotent
    await expect(first.append([])).rejects.toThrow(StoreClosedError);

    const again = await openStore(path);
    expect(await again.listSeries()).toEqual([{ series: 'disk|h|#dev:sda', name: 'disk', type: 'histogram', tags: { dev: 'sda' } }]);
    const [disk] = await again.query({ name: 'disk', field: 'p90', from: T0, to: T0 + MIN });
    expect(disk!.points).toEqual([{ t: T0, value: 29 }, { t: T0 + 10 * SEC, value: 29 }]);
    // New series after reopen get fresh ids and do not clash with stored ones.
    await again.append([rollup('disk2', {}, T0)]);
    expect((await again.listSeries()).map((s) => s.series)).toEqual(['disk2|c', 'disk|h|#dev:sda']); // by key
  });

  it('refuses bad rollups with a clear error and stores nothing of the batch', async () => {
    const store = await openStore();
    const good = rollup('ok', {}, T0);
    const bad = (fields: Record<string, unknown>) => ({ ...rollup('bad', {}, T0), ...fields }) as never;
    const refuse = async (batch: unknown[], message: RegExp) => {
      const error = await store.append(batch as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidRollupError);
      expect((error as Error).message).toMatch(message);
    };
    await refuse([good, bad({ count: Number.NaN })], /rollups\[1\]\.count: expected a finite number, got NaN/);
    await refuse([bad({ sum: undefined })], /rollups\[0\]\.sum: expected a finite number, got missing/);
    await refuse([bad({ type: 'meter' })], /rollups\[0\]\.type: expected one of counter, gauge/);
    await refuse([bad({ start: T0 + 1.5 })], /rollups\[0\]\.start: expected epoch milliseconds/);
    await refuse([bad({ end: T0 - 1 })], /rollups\[0\]\.end: ends .* before it starts/);
    await refuse([bad({ tags: { a: 1 } })], /rollups\[0\]\.tags\.a: expected a string/);
    await refuse([bad({ p: { p99: Infinity } })], /rollups\[0\]\.p\.p99: expected a finite number, got Infinity/);
    await refuse([bad({ series: '' }), null], /rollups\[0\]\.series: .*; rollups\[1\]: expected an object/);
    await refuse([good, { ...good, type: 'gauge' }], /already stored as counter|rollups\[1\]\.series/);
    expect(await store.listSeries()).toEqual([]);
    expect(await store.query({ from: 0, to: T0 + MIN })).toEqual([]);

    await store.append([good]);
    await refuse([{ ...good, start: T0 + 10 * SEC, name: 'renamed' }], /rollups\[0\]\.series: key "ok\|c" is already stored as counter "ok"/);
    await expect(store.query({ from: T0, to: T0 + MIN, step: 0 })).rejects.toThrow(InvalidStoreArgumentError);
    await expect(store.query({ from: T0 + 1, to: T0 })).rejects.toThrow(/to .* is before from/);
    await expect(store.query({ from: T0, to: T0 + 1, field: 'median' as never })).rejects.toThrow(/unknown field "median"/);
    await expect(TimeSeriesStore.open(':memory:', { retention: { raw: '7x' } })).rejects.toThrow(/retention.raw: expected a positive duration/);
    await expect(TimeSeriesStore.open(':memory:', { retention: { raw: '30d', downsampled: '7d' } })).rejects.toThrow(/shorter than retention.raw/);
  });
});
