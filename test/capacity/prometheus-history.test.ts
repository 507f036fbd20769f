/**
 * PrometheusHistory against a real Prometheus holding backfilled history: ten days of an hourly
 * daily sine (two services, different amplitudes), ending 4 h ago so no sample lies in the head
 * block's hours. range() must return exactly the backfilled points, filtered by labels, the same
 * when read in many small windows; gaps are interpolated and counted up to 20 %, refused beyond;
 * a metric with no data, a PromQL syntax error and an unreachable server each fail clearly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryError } from '../../capacity/errors.js';
import { PrometheusHistory } from '../../capacity/history/prometheus.js';
import { HistoryGapError } from '../../capacity/history/regular.js';
import { freePort } from '../../devstack/ports.js';
import { prometheusFor, startPrometheus, type RunningPrometheus, type Sample } from '../support/prometheus.js';

const found = prometheusFor('test/capacity/prometheus-history');

const HOUR = 3_600_000;
const DAYS = 10;
/** The end of the history (exclusive): a whole hour at least 3 h ago. */
const to = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
const from = to - DAYS * 24 * HOUR;
const hours = Array.from({ length: DAYS * 24 }, (_, i) => from + i * HOUR);

/** Load with a daily period: `base ± amplitude`, peaking at 06:00 UTC. */
const sine = (t: number, base: number, amplitude: number) => base + amplitude * Math.sin((2 * Math.PI * ((t / HOUR) % 24)) / 24);
const api = (t: number) => sine(t, 100, 50);
const web = (t: number) => sine(t, 40, 10);
/** Every 10th hour missing (10 %), and every 3rd hour missing (33 %). */
const sparse = hours.filter((_, i) => i % 10 !== 5);
const sparser = hours.filter((_, i) => i % 3 !== 1);

const history: Sample[] = [
  ...hours.map((t) => ({ metric: 'demo_requests', labels: { service: 'api' }, t, value: api(t) })),
  ...hours.map((t) => ({ metric: 'demo_requests', labels: { service: 'web' }, t, value: web(t) })),
  ...sparse.map((t) => ({ metric: 'gappy_requests', t, value: api(t) })),
  ...sparser.map((t) => ({ metric: 'sparse_requests', t, value: api(t) })),
  // A label value PromQL must escape.
  ...hours.map((t) => ({ metric: 'odd_requests', labels: { path: '/a"b\\c' }, t, value: 7 })),
  ...hours.map((t) => ({ metric: 'odd_requests', labels: { path: '/plain' }, t, value: 1 })),
];

describe.runIf(found.prometheus !== undefined)('PrometheusHistory on a real Prometheus', () => {
  let prometheus: RunningPrometheus;
  let source: PrometheusHistory;

  beforeAll(async () => {
    prometheus = await startPrometheus({ history });
    source = new PrometheusHistory(prometheus.url);
  });
  afterAll(() => prometheus?.stop());

  it('returns exactly the backfilled hourly points of the labelled series, oldest first', async () => {
    const got = await source.range({ metric: 'demo_requests', labels: { service: 'api' }, from, to, stepMs: HOUR });
    expect(got.timestamps).toEqual(hours);
    expect(got.values).toEqual(hours.map(api));
    expect(got).toMatchObject({ stepMs: HOUR, source: 'prometheus:demo_requests{service="api"}', filled: 0 });
    expect(source.kind).toBe('prometheus');
  });

  it('reads the same points in many small windows (the 11,000-point split)', async () => {
    const windowed = new PrometheusHistory({ url: prometheus.url, maxPointsPerRequest: 7 });
    const got = await windowed.range({ metric: 'demo_requests', labels: { service: 'web' }, from, to, stepMs: HOUR });
    expect(got.timestamps).toEqual(hours);
    expect(got.values).toEqual(hours.map(web));
  });

  it('takes a PromQL expression as written, and sums the series it returns', async () => {
    const got = await source.range({ metric: 'sum by (service) (demo_requests)', from, to, stepMs: HOUR });
    expect(got.values.length).toBe(hours.length);
    got.values.forEach((v, i) => expect(v).toBeCloseTo(api(hours[i]!) + web(hours[i]!), 9));
    expect(got.source).toBe('prometheus:sum by (service) (demo_requests)');
  });

  it('escapes label values in the selector', async () => {
    const got = await source.range({ metric: 'odd_requests', labels: { path: '/a"b\\c' }, from, to, stepMs: HOUR });
    expect(new Set(got.values)).toEqual(new Set([7]));
    expect(got.source).toBe('prometheus:odd_requests{path="/a\\"b\\\\c"}');
  });

  it('fills up to 20 % missing hours by linear interpolation and counts them', async () => {
    const got = await source.range({ metric: 'gappy_requests', from, to, stepMs: HOUR });
    expect(got.timestamps).toEqual(hours);
    expect(got.filled).toBe(hours.length - sparse.length);
    hours.forEach((t, i) => {
      const expected = i % 10 === 5 ? (api(t - HOUR) + api(t + HOUR)) / 2 : api(t);
      expect(got.values[i]).toBeCloseTo(expected, 9);
    });
  });

  it('refuses history with more than 20 % missing hours', async () => {
    const read = source.range({ metric: 'sparse_requests', from, to, stepMs: HOUR });
    await expect(read).rejects.toBeInstanceOf(HistoryGapError);
    await expect(read).rejects.toThrow(/80 of 240 steps .* have no data \(more than 20 %\)/);
  });

  it('says so when the metric has no data', async () => {
    const read = source.range({ metric: 'no_such_metric', labels: { service: 'api' }, from, to, stepMs: HOUR });
    await expect(read).rejects.toBeInstanceOf(HistoryError);
    await expect(read).rejects.toThrow(`has no series for no_such_metric{service="api"} between ${new Date(from).toISOString()}`);
  });

  it("surfaces Prometheus's error for a PromQL syntax error", async () => {
    const read = source.range({ metric: 'rate(demo_requests[5m]', from, to, stepMs: HOUR });
    await expect(read).rejects.toThrow(/refused the query rate\(demo_requests\[5m\] \(HTTP 400, bad_data\): .*parse error/);
    await expect(read).rejects.toMatchObject({ name: 'HistoryError', retryable: false });
  });

  it('refuses labels on a PromQL expression instead of ignoring them', async () => {
    await expect(source.range({ metric: 'sum(demo_requests)', labels: { service: 'api' }, from, to, stepMs: HOUR })).rejects.toThrow(
      /can only filter a bare metric name/,
    );
  });

  it('names the URL when Prometheus cannot be reached', async () => {
    const port = await freePort();
    const read = new PrometheusHistory(`http://127.0.0.1:${port}`).range({ metric: 'demo_requests', from, to, stepMs: HOUR });
    await expect(read).rejects.toThrow(`Prometheus at http://127.0.0.1:${port} could not be reached`);
    await expect(read).rejects.toMatchObject({ name: 'HistoryError', retryable: true });
  });
});
