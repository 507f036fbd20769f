import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { FIXTURES, ROOT, runCli } from './cli.js';

describe('swaybot runbook check', () => {
  it('passes a good runbook with exit code 0', async () => {
    const result = await runCli(['runbook', 'check', join(ROOT, 'runbooks', 'service-health-check.md')]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('1 runbook checked, no problems');
    expect(result.code).toBe(0);
  });

  it('reports a typo in an action at its line and column, suggests the real name, and exits 1', async () => {
    const result = await runCli(['runbook', 'check', join('test', 'cli', 'fixtures', 'typo.md')]);
    expect(result.code).toBe(1);
    // Every problem line starts with file:line:col, so terminals and editors can jump to it.
    const problem = result.stdout.split('\n').find((l) => l.startsWith('test/cli/fixtures/typo.md:')) ?? '';
    expect(problem).toMatch(/^test\/cli\/fixtures\/typo\.md:10:9\s+error\s+.*`http\.reqest`.*did you mean `http\.request`\?.*unknown-action$/);
    expect(result.stdout).toContain('✖ 1 problem (1 error, 0 warnings)');
  });

  it('prints problems as JSON with --format json', async () => {
    const result = await runCli(['runbook', 'check', '--format', 'json', join(FIXTURES, 'typo.md'), join(ROOT, 'runbooks', 'service-health-check.md')]);
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
    const result = await runCli(['runbook', 'check', '--format', 'json', FIXTURES]);
    const report = JSON.parse(result.stdout) as { file: string }[];
    expect(report.map((r) => r.file)).toEqual(['test/cli/fixtures/approve.md', 'test/cli/fixtures/typo.md']);
  });

  it('names a file that does not exist instead of crashing', async () => {
    const result = await runCli(['runbook', 'check', 'no/such/runbook.md']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('no/such/runbook.md');
    expect(result.stdout).toMatch(/1:1\s+error\s+.*ENOENT/);
  });

  it('refuses an unknown --format with a usage error', async () => {
    const result = await runCli(['runbook', 'check', '--format', 'xml', FIXTURES]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('expected text or json');
  });
});

describe('swaybot runbook graph', () => {
  it('prints a Mermaid flowchart of the steps', async () => {
    const result = await runCli(['runbook', 'graph', join(ROOT, 'runbooks', 'service-health-check.md')]);
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('flowchart TD');
    expect(result.stdout).toContain('Drain traffic');
    expect(result.stdout).toContain('approval: sre');
  });

  it('prints the compile errors and exits 1 for a broken runbook', async () => {
    const result = await runCli(['runbook', 'graph', join(FIXTURES, 'typo.md')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('did you mean `http.request`?');
  });
});

describe('bin/swaybot.js', () => {
  it('is the same CLI, launched without --import (what `npx swaybot` runs)', async () => {
    const { spawnSync } = await import('node:child_process');
    const result = spawnSync(process.execPath, [join(ROOT, 'bin', 'swaybot.js'), 'runbook', 'check', join(FIXTURES, 'typo.md')], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('did you mean `http.request`?');
  });
});
