import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HistoryGapError, regularise } from '../../capacity/history/regular.js';
import { poolChanges, poolRunning, type PoolPower } from '../../capacity/scalers/hardware-pool.js';
import { WebhookScaler, webhookSignature } from '../../capacity/scalers/webhook.js';
import { ScalerError } from '../../capacity/errors.js';
import { readForecastCsv } from '../../cli/commands/capacity-csv.js';
import { planTable } from '../../capacity/table.js';
import { makePlan } from '../../capacity/plan.js';

const H = 3_600_000;

describe('regularise', () => {
  it('puts points on the grid, sums series per step and fills inner gaps linearly', () => {
    const points = [
      { t: 0, value: 1 },
      { t: 0, value: 2 },
      { t: 1 * H, value: 4 },
      { t: 4 * H, value: 10 },
      { t: 5 * H, value: 10 },
      ...[6, 7, 8, 9].map((i) => ({ t: i * H, value: 10 })),
    ];
    const r = regularise(points, 0, 10 * H, H, 'x');
    expect(r.values).toEqual([3, 4, 6, 8, 10, 10, 10, 10, 10, 10]);
    expect(r.timestamps.slice(0, 4)).toEqual([0, H, 2 * H, 3 * H]);
    expect(r.filled).toBe(2);
  });

  it('starts at the first step with data and carries the last value to the end', () => {
    const points = [2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => ({ t: i * H, value: i }));
    const r = regularise(points, 0, 12 * H, H, 'x');
    expect(r.timestamps[0]).toBe(2 * H);
    expect(r.values).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10, 10]);
    expect(r.filled).toBe(1);
  });

  it('refuses history with too many missing steps or none at all, naming the series', () => {
    const sparse = [{ t: 0, value: 1 }, { t: 5 * H, value: 1 }, { t: 9 * H, value: 1 }];
    expect(() => regularise(sparse, 0, 10 * H, H, 'store:cpu')).toThrow(HistoryGapError);
    expect(() => regularise(sparse, 0, 10 * H, H, 'store:cpu')).toThrow(/store:cpu: 7 of 10 steps/);
    expect(() => regularise([], 0, 10 * H, H, 'store:cpu')).toThrow(/no data between/);
  });
});

describe('hardware pool', () => {
  const hosts = ['a', 'b', 'c', 'd'];
  const power = (...states: PoolPower[]) => new Map(hosts.map((h, i) => [h, states[i]!]));

  it.each([
    ['powers on spares in order', power('on', 'off', 'off', 'off'), 3, ['b', 'c'], []],
    ['powers off in reverse order', power('on', 'on', 'on', 'off'), 1, [], ['c', 'b']],
    ['counts powering-on hosts as running', power('on', 'powering-on', 'off', 'off'), 2, [], []],
    ['is cut to the pool size', power('off', 'off', 'off', 'off'), 9, ['a', 'b', 'c', 'd'], []],
    ['skips hosts already on when powering on', power('off', 'on', 'off', 'on'), 3, ['a'], []],
  ] as const)('%s', (_name, p, target, on, off) => {
    const change = poolChanges(hosts, p, target);
    expect(change.powerOn).toEqual(on);
    expect(change.powerOff).toEqual(off);
  });

  it('counts running hosts and refuses a host without a reading', () => {
    expect(poolRunning(power('on', 'powering-on', 'powering-off', 'off'))).toBe(2);
    expect(() => poolChanges(hosts, new Map([['a', 'on']]), 1)).toThrow(/no power reading for b, c, d/);
  });
});

describe('WebhookScaler against a local receiver', () => {
  let server: Server;
  let url: string;
  const received: { method: string; headers: IncomingMessage['headers']; body: string; query: string }[] = [];
  let replicas = 3;
  let failNext = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ method: req.method!, headers: req.headers, body, query: new URL(req.url!, 'http://x').search });
        if (failNext > 0) {
          failNext--;
          res.writeHead(503).end('busy');
          return;
        }
        if (req.method === 'POST') replicas = (JSON.parse(body) as { replicas: number }).replicas;
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ replicas }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}/scale`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads current replicas and posts a signed change with the plan id as idempotency key', async () => {
    const scaler = new WebhookScaler({ url, secret: 's3cret', now: () => 1_700_000_000_000 });
    expect((await scaler.current('api')).replicas).toBe(3);
    const result = await scaler.apply('api', 7, { planId: 'capacity-api/2026-12-06T03:00:00.000Z', modelVersion: 'ets@classical', approvedBy: 'alice' });
    expect(result).toMatchObject({ from: 3, to: 7 });
    const post = received.find((r) => r.method === 'POST')!;
    expect(JSON.parse(post.body)).toEqual({ service: 'api', replicas: 7, planId: 'capacity-api/2026-12-06T03:00:00.000Z', approvedBy: 'alice', modelVersion: 'ets@classical' });
    expect(post.headers['idempotency-key']).toBe('capacity-api/2026-12-06T03:00:00.000Z');
    expect(post.headers['x-swaybot-timestamp']).toBe('1700000000');
    expect(post.headers['x-swaybot-signature']).toBe(webhookSignature('s3cret', 1_700_000_000, post.body));
    expect(received.find((r) => r.method === 'GET')!.query).toBe('?service=api');
    expect((await scaler.current('api')).replicas).toBe(7);
  });

  it('a 5xx is a retryable ScalerError, a refused connection names the URL', async () => {
    failNext = 1;
    const err = await new WebhookScaler({ url }).current('api').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScalerError);
    expect((err as ScalerError).retryable).toBe(true);
    expect((err as Error).message).toMatch(/answered 503/);
    const refused = await new WebhookScaler({ url: 'http://127.0.0.1:1/scale' }).current('api').catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/GET http:\/\/127\.0\.0\.1:1\/scale failed/);
  });
});

describe('forecast CSV checks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'swaybot-capcsv-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const rows = (n: number, skip: number[] = []) =>
    Array.from({ length: n }, (_, i) => i)
      .filter((i) => !skip.includes(i))
      .map((i) => `${new Date(i * H).toISOString()},${i}`)
      .join('\n');

  it.each([
    ['no header', '1,2\n3,4\n', /no\.csv:1: no timestamp and value column/],
    ['a non-numeric value', `timestamp,value\n${new Date(0).toISOString()},1\n${new Date(H).toISOString()},abc\n`, /bad\.csv:3: not a number: value "abc"/],
    ['unsorted rows', `timestamp,value\n${new Date(2 * H).toISOString()},1\n${new Date(H).toISOString()},2\n${new Date(3 * H).toISOString()},2\n`, /unsorted\.csv:3: .* is before the row above \(line 2\)/],
    ['a duplicate timestamp', `timestamp,value\n${new Date(H).toISOString()},1\n${new Date(H).toISOString()},2\n${new Date(2 * H).toISOString()},2\n`, /dup\.csv:3: duplicate timestamp/],
    ['too many gaps', `timestamp,value\n${rows(40, [5, 6, 7, 8, 9, 10, 11, 12, 13, 14])}\n`, /gaps\.csv:2: 10 of 40 steps/],
  ])('%s is an error naming file and line', (_name, text, message) => {
    const name = { 'no header': 'no.csv', 'a non-numeric value': 'bad.csv', 'unsorted rows': 'unsorted.csv', 'a duplicate timestamp': 'dup.csv', 'too many gaps': 'gaps.csv' }[_name]!;
    expect(() => readForecastCsv(file(name, text), name)).toThrow(message);
  });

  it('fills a few missing steps and counts them', () => {
    const s = readForecastCsv(file('ok.csv', `timestamp,value\n${rows(50, [10, 11])}\n`), 'ok.csv');
    expect(s.values.length).toBe(50);
    expect(s.filled).toBe(2);
    expect(s.values[10]).toBeCloseTo(10, 9);
    expect(s.stepMs).toBe(H);
  });
});

describe('planTable', () => {
  it('shows the first, last and changing hours with arrows', () => {
    const plan = makePlan([100, 100, 300, 300, 100], Date.UTC(2026, 11, 6, 10), 1, { capacityPerReplica: 100, targetUtilisation: 1, headroom: 0, min: 1, max: 10, scaleDownStep: 1, scaleDownWindow: 1, leadHours: 0 });
    const lines = planTable(plan).split('\n');
    expect(lines[0]).toMatch(/hour \(UTC\)\s+p90 load\s+needs\s+replicas/);
    expect(lines.slice(1).map((l) => l.slice(0, 16))).toEqual(['2026-12-06 10:00', '2026-12-06 12:00', '2026-12-06 14:00']);
    expect(lines[2]).toMatch(/3\s+▲ \+2$/);
    expect(lines[3]).toMatch(/2\s+▼ -1$/);
  });
});
