/**
 * `swaybot capacity forecast` and `capacity plan --local`, in process: forecasts written per file
 * with p50 ≤ p90 and a summary naming the model; bad files reported at file:line (unsorted,
 * duplicate) while the good one is still written; the demo service planned on embedded defaults
 * with its chart written, and an unknown service refused naming the configured ones.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv } from './cli.js';
import { runInProcess } from './in-process.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 10, 1);

function hourly(hours: number, level = 100): string {
  const rows = Array.from({ length: hours }, (_, i) => `${new Date(T0 + i * H).toISOString()},${(level + 30 * Math.sin((2 * Math.PI * i) / 24) + (i % 5)).toFixed(2)}`);
  return `timestamp,value\n${rows.join('\n')}\n`;
}

describe('swaybot capacity forecast', () => {
  it('writes one forecast per CSV and a summary; bad files are reported at file:line and skipped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-forecast-'));
    const input = join(dir, 'in');
    mkdirSync(join(input, 'team'), { recursive: true });
    writeFileSync(join(input, 'team', 'api.csv'), hourly(10 * 24));
    const unsorted = hourly(10 * 24).split('\n');
    [unsorted[5], unsorted[6]] = [unsorted[6]!, unsorted[5]!];
    writeFileSync(join(input, 'unsorted.csv'), unsorted.join('\n'));
    const dup = hourly(10 * 24).split('\n');
    dup[9] = dup[8]!;
    writeFileSync(join(input, 'dup.csv'), dup.join('\n'));
    const out = join(dir, 'out');
    const result = await runInProcess(['capacity', 'forecast', input, '--out', out, '--horizon', '24'], cliEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(input, 'unsorted.csv')}:7: timestamp`);
    expect(result.stderr).toMatch(/unsorted\.csv:7: .* is before the row above \(line 6\)/);
    expect(result.stderr).toMatch(/dup\.csv:10: duplicate timestamp .* \(also on line 9\)/);
    const written = readFileSync(join(out, 'team__api.csv'), 'utf8').trimEnd().split('\n');
    expect(written[0]).toBe('timestamp,point,p50,p90');
    expect(written).toHaveLength(25);
    expect(written[1]!.split(',')[0]).toBe(new Date(T0 + 10 * 24 * H).toISOString());
    for (const row of written.slice(1)) {
      const [, point, p50, p90] = row.split(',').map(Number);
      expect(Number.isFinite(point)).toBe(true);
      expect(p90).toBeGreaterThanOrEqual(p50!);
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { files: { model: string; modelVersion: string; points: number }[] };
    expect(summary.files).toHaveLength(1);
    expect(summary.files[0]!.points).toBe(240);
    expect(summary.files[0]!.modelVersion).toMatch(/^classical@/);
    expect(result.stdout).toMatch(/1 of 3 series forecast 24 steps ahead/);
  }, 60_000);

  it('refuses a bad --horizon', async () => {
    const result = await runInProcess(['capacity', 'forecast', '.', '--out', 'x', '--horizon', '0'], cliEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unexpected --horizon `0`');
  });
});

describe('swaybot capacity plan --local', () => {
  it('plans the demo service on embedded defaults and writes the chart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'capacity-plan-'));
    const chart = join(dir, 'plan.png');
    const result = await runInProcess(['capacity', 'plan', 'demo-service', '--local', '--current', '3', '--chart', chart], cliEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Capacity plan for demo-service/);
    expect(result.stdout).toMatch(/now\s+3 → \d replicas/);
    expect(result.stdout).toMatch(/hour \(UTC\)\s+p90 load\s+needs\s+replicas/);
    expect(result.stdout).toContain(`chart     ${chart}`);
    expect(result.stderr).toContain("using the demo's built-in 7 days");
    expect(existsSync(chart)).toBe(true);
    expect(readFileSync(chart).subarray(1, 4).toString()).toBe('PNG');
  }, 60_000);

  it('refuses a service that is not configured, naming those that are', async () => {
    const result = await runInProcess(['capacity', 'plan', 'nope', '--local'], cliEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('No capacity settings for nope');
    expect(result.stderr).toContain('configured: demo-service');
  });
});
