import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, ROOT } from './cli.js';
import { runInProcess } from './in-process.js';

describe('swaybot runbook check', () => {
  it('passes a good runbook with exit code 0', async () => {
    const result = await runInProcess(['runbook', 'check', join(ROOT, 'runbooks', 'service-health-check.md')]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('1 runbook checked, no problems');
    expect(result.code).toBe(0);
  });

  it('reports a typo in an action at its line and column, suggests the real name, and exits 1', async () => {
    const result = await runInProcess(['runbook', 'check', join('test', 'cli', 'fixtures', 'typo.md')]);
    expect(result.code).toBe(1);
    // Every problem line starts with file:line:col, so terminals and editors can jump to it.
    const problem = result.stdout.split('\n').find((l) => l.startsWith('test/cli/fixtures/typo.md:')) ?? '';
    expect(problem).toMatch(/^test\/cli\/fixtures\/typo\.md:10:9\s+error\s+.*`http\.reqest`.*did you mean `http\.request`\?.*unknown-action$/);
    expect(result.stdout).toContain('✖ 1 problem (1 error, 0 warnings)');
  });

  it('applies --max-bytes to every page and refuses a limit it cannot read', async () => {
    const page = join(ROOT, 'runbooks', 'service-health-check.md');
    const small = await runInProcess(['runbook', 'check', '--max-bytes', '1KiB', page]);
    expect(small.code).toBe(1);
    expect(small.stdout).toMatch(/runbooks\/service-health-check\.md:1:1\s+error\s+Unexpected runbook of [\d.]+ KiB, expected at most 1 KiB .*too-large/);
    const big = await runInProcess(['runbook', 'check', '--max-bytes', '2MiB', '--time-budget', '30s', page]);
    expect(big.code).toBe(0);
    const bad = await runInProcess(['runbook', 'check', '--max-bytes', 'lots', page]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unexpected --max-bytes `lots`, expected a size such as 2000000, 512KiB or 2MiB');
    const badBudget = await runInProcess(['runbook', 'check', '--time-budget', 'soon', page]);
    expect(badBudget.code).toBe(2);
    expect(badBudget.stderr).toContain('Unexpected --time-budget `soon`');
  });

  it('prints problems as JSON with --format json', async () => {
    const result = await runInProcess(['runbook', 'check', '--format', 'json', join(FIXTURES, 'typo.md'), join(ROOT, 'runbooks', 'service-health-check.md')]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { file: string; messages: Record<string, unknown>[] }[];
    expect(report.map((r) => r.file)).toEqual(['test/cli/fixtures/typo.md', 'runbooks/service-health-check.md']);
    expect(report[0]!.messages).toEqual([
      {
        line: 10,
        column: 9,
        severity: 'error',
        ruleId: 'unknown-action',
        message: expect.stringContaining('did you mean `http.request`?'),
        suggestions: ['http.request'],
      },
    ]);
    expect(report[1]!.messages).toEqual([]);
  });

  it('expands a folder to the runbooks inside it', async () => {
    const result = await runInProcess(['runbook', 'check', '--format', 'json', FIXTURES]);
    const report = JSON.parse(result.stdout) as { file: string }[];
    expect(report.map((r) => r.file)).toEqual(['test/cli/fixtures/approve.md', 'test/cli/fixtures/compensate.md', 'test/cli/fixtures/typo.md']);
  });

  it('names a file that does not exist instead of crashing', async () => {
    const result = await runInProcess(['runbook', 'check', 'no/such/runbook.md']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('no/such/runbook.md');
    expect(result.stdout).toMatch(/1:1\s+error\s+.*ENOENT/);
  });

  it('refuses an unknown --format with a usage error', async () => {
    const result = await runInProcess(['runbook', 'check', '--format', 'xml', FIXTURES]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected text or json');
  });
});

describe('swaybot runbook graph', () => {
  it('prints a Mermaid flowchart of the steps', async () => {
    const result = await runInProcess(['runbook', 'graph', join(ROOT, 'runbooks', 'service-health-check.md')]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('flowchart TD');
    expect(result.stdout).toContain('Drain traffic');
    expect(result.stdout).toContain('approval: sre');
  });

  it('prints the compile errors and exits 1 for a broken runbook', async () => {
    const result = await runInProcess(['runbook', 'graph', join(FIXTURES, 'typo.md')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('did you mean `http.request`?');
  });
});

describe('swaybot runbook plan', () => {
  it('prints the compiled plan as JSON, what a run of the runbook executes', async () => {
    const result = await runInProcess(['runbook', 'plan', join(ROOT, 'runbooks', 'service-health-check.md')]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as { id: string; title: string; steps: { id: string; approval?: { groups: string[] } }[] };
    expect(plan.id).toBe('service-health-check');
    expect(plan.steps.map((s) => s.id)).toContain('drain-traffic');
    expect(plan.steps.find((s) => s.id === 'drain-traffic')?.approval?.groups).toEqual(['sre']);
  });

  it('prints the problems on stderr, nothing on stdout, and exits 1 for a broken runbook', async () => {
    const result = await runInProcess(['runbook', 'plan', join(FIXTURES, 'typo.md')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/typo\.md:10:9\s+error\s+.*did you mean `http\.request`\?/);
    expect(result.stderr).toContain('has errors');
  });
});

describe('runbook check progress', () => {
  it('draws one updating line per file on a terminal, and clears it before the report', async () => {
    const result = await runInProcess(['runbook', 'check', FIXTURES], undefined, { stderrTTY: true, columns: 200 });
    expect(result.code).toBe(1);
    const frames = result.stderr.split('\r\x1b[K');
    expect(frames.filter((f) => f !== '')).toEqual([
      expect.stringMatching(/^checking 1\/3 .*approve\.md$/),
      expect.stringMatching(/^checking 2\/3 .*compensate\.md$/),
      expect.stringMatching(/^checking 3\/3 .*typo\.md$/),
    ]);
    // The last write wipes the line, so the report on stdout starts on a clean line.
    expect(result.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(result.stdout).toContain('✖ 1 problem (1 error, 0 warnings)');
  });

  it('prints no progress when stderr is not a terminal', async () => {
    const result = await runInProcess(['runbook', 'check', FIXTURES]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
  });
});
