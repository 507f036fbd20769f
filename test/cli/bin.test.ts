import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cliEnv, FIXTURES, runCli } from './cli.js';

// The launcher as `npx swaybot` runs it: a process of its own, without --import. Commands
// themselves are tested in-process; these check that the entry wires them to the real process.
describe('bin/swaybot.js', () => {
  it('prints the usage with every command group and exits 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: swaybot /m);
    for (const command of ['up', 'runbook', 'ledger', 'hardware', 'drill']) expect(result.stdout).toMatch(new RegExp(`^ {2}${command}\\b`, 'm'));
  });

  it('exits 2 with the usage hint for an unknown option', async () => {
    const result = await runCli(['runbook', 'check', '--no-such-option', 'x.md']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("unknown option '--no-such-option'");
    expect(result.stderr).toContain('(run with --help for usage)');
  });

  it('exits 1 with the problems on stdout for a runbook with an error', async () => {
    const result = await runCli(['runbook', 'check', join(FIXTURES, 'typo.md')]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('did you mean `http.request`?');
  });

  it('asks the Temporal server and names a run it does not have', async () => {
    const result = await runCli(['runbook', 'status', 'no-such-run-from-bin'], cliEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No run with id no-such-run-from-bin');
  });
});
