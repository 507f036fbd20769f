/**
 * `swaybot telemetry detect`, in process, over a temporary folder of synthetic series: NAB's
 * results layout, one row per input row, the spike scored highest at the spike; bad files reported
 * at file:line without stopping the others; the accepted timestamp forms.
 * `replay` is in telemetry-replay.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTimestamp } from '../../cli/commands/telemetry-csv.js';
import { cliEnv } from './cli.js';
import { SPIKE_AT, T0, series, writeCsv } from './telemetry-series.js';
import { runInProcess } from './in-process.js';

function readResults(path: string): { header: string; rows: string[][] } {
  const [header = '', ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return { header, rows: rows.map((r) => r.split(',')) };
}

describe('swaybot telemetry detect', () => {
  it('writes the NAB results layout, one scored row per input row, the spike scored highest at the spike', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'telemetry-detect-'));
    const input = join(dir, 'in');
    writeCsv(join(input, 'synthetic', 'flat.csv'), series(400, 0, 11));
    // Unix seconds: any of the accepted timestamp forms works.
    writeCsv(join(input, 'spike.csv'), series(400, 60), (t) => String(t / 1000));
    const out = join(dir, 'out');
    const result = await runInProcess(['telemetry', 'detect', input, '--out', out], cliEnv(), { stderrTTY: true, columns: 100 });
    expect(result.code).toBe(0);
    // On a terminal a progress line over the files is drawn on stderr, then cleared.
    expect(result.stderr).toContain('scoring 1/2');
    expect(result.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(result.stdout).toMatch(/scored 2 files, 800 points \([\d.]+ µs per point\)/);
    expect(result.stdout).toMatch(/in\/spike\.csv\s+\d+\s+max 0\.9\d\d at \d+/);
    expect(result.stdout).toContain(`results in ${join(out, 'swaybot')}/<category>/`);

    const flat = readResults(join(out, 'swaybot', 'synthetic', 'swaybot_flat.csv'));
    const spike = readResults(join(out, 'swaybot', 'in', 'swaybot_spike.csv'));
    for (const file of [flat, spike]) {
      expect(file.header).toBe('timestamp,value,anomaly_score,label');
      expect(file.rows).toHaveLength(400);
      for (const row of file.rows) {
        const score = Number(row[2]);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(row[3]).toBe('0');
      }
    }
    // The timestamps are kept as written.
    expect(flat.rows[0]![0]).toBe('2024-01-01 00:00:00');
    expect(spike.rows[0]![0]).toBe(String(T0 / 1000));
    const scores = spike.rows.map((r) => Number(r[2]));
    expect(scores.indexOf(Math.max(...scores))).toBe(SPIKE_AT);
    expect(scores[SPIKE_AT]).toBeGreaterThan(0.5);
  });

  it('reports a malformed file at file:line, still writes the good one, and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'telemetry-bad-'));
    const input = join(dir, 'data');
    writeCsv(join(input, 'good.csv'), series(50));
    mkdirSync(join(input, 'broken'));
    writeFileSync(join(input, 'broken', 'value.csv'), 'timestamp,value\n2024-01-01 00:00:00,1\n\n2024-01-01 00:01:00,abc\n');
    writeFileSync(join(input, 'broken', 'stamp.csv'), 'timestamp,value\n2024-01-01 00:00:00,1\nyesterday,2\n');
    writeFileSync(join(input, 'broken', 'columns.csv'), 'time,reading\n2024-01-01 00:00:00,1\n');
    const out = join(dir, 'out');
    const result = await runInProcess(['telemetry', 'detect', input, '--out', out]);
    expect(result.code).toBe(1);
    // Line numbers count the header and blank lines, as an editor does.
    expect(result.stderr).toContain(`✖ ${join(input, 'broken', 'value.csv')}:4: not a number: value "abc"`);
    expect(result.stderr).toContain(`✖ ${join(input, 'broken', 'stamp.csv')}:3: not a timestamp: "yesterday"`);
    expect(result.stderr).toContain(`✖ ${join(input, 'broken', 'columns.csv')}:1: no timestamp and value column in the header \`time,reading\``);
    expect(result.stdout).toContain('scored 1 file, 50 points');
    expect(result.stdout).toContain('✖ 3 files could not be read (above); the others were scored');
    expect(readResults(join(out, 'swaybot', basename(input), 'swaybot_good.csv')).rows).toHaveLength(50);
    expect(existsSync(join(out, 'swaybot', 'broken'))).toBe(false);
  });

  it('refuses a bad threshold and a missing input as usage errors', async () => {
    const bad = await runInProcess(['telemetry', 'detect', '.', '--out', 'x', '--threshold', 'high']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unexpected --threshold `high`, expected a score between 0 and 1');
    const missing = await runInProcess(['telemetry', 'detect', 'no/such/folder', '--out', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('No such file or folder: no/such/folder');
  });
});

describe('timestamps', () => {
  it("reads NAB's UTC form, ISO 8601 with and without a zone, and unix seconds or ms", () => {
    const t = Date.UTC(2014, 3, 10, 7, 15, 0);
    expect(parseTimestamp('2014-04-10 07:15:00')).toBe(t);
    expect(parseTimestamp('2014-04-10T07:15:00Z')).toBe(t);
    expect(parseTimestamp('2014-04-10T09:15:00+02:00')).toBe(t);
    expect(parseTimestamp('2014-04-10T07:15:00.250')).toBe(t + 250);
    expect(parseTimestamp(String(t / 1000))).toBe(t);
    expect(parseTimestamp(String(t))).toBe(t);
    for (const bad of ['2014-02-30 00:00:00', '2014-04-10 25:00:00', 'yesterday', '']) expect(parseTimestamp(bad)).toBeUndefined();
  });
});
