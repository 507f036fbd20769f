import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { freePort } from '../../devstack/ports.js';
import { cliEnv, FIXTURES } from './cli.js';
import { useOpsWorker } from './ops-worker.js';
import { runInProcess, startInProcess } from './in-process.js';

const { taskQueue } = useOpsWorker('cli');

const approveFile = join(FIXTURES, 'approve.md');

describe('swaybot runbook run / approve / tick / status', () => {
  it('runs a runbook with --wait while other commands approve and tick it, and exits 0 when it succeeds', async () => {
    const env = cliEnv({ taskQueue });
    const id = `cli-run-${Date.now().toString(36)}`;
    const run = startInProcess(['runbook', 'run', approveFile, '--param', 'who=ops', '--param', 'times=2', '--id', id, '--wait'], env);
    await run.waitFor(new RegExp(`Started CLI approval as ${id}`));
    await run.waitFor(/awaiting-approval\s+restart/);
    // The follower prints the exact command that unblocks the step.
    expect(run.output()).toContain(`npx swaybot runbook approve ${id} restart`);

    const status = await runInProcess(['runbook', 'status', id, '--format', 'json'], env);
    expect(status.code).toBe(0);
    const json = JSON.parse(status.stdout) as { state: string; currentStep: string; outputs: Record<string, unknown>; steps: { id: string; state: string }[] };
    expect(json.state).toBe('running');
    expect(json.steps.map((s) => [s.id, s.state])).toEqual([
      ['greet', 'succeeded'],
      ['restart', 'awaiting-approval'],
      ['confirm-by-hand', 'pending'],
    ]);

    const refused = await runInProcess(['runbook', 'approve', id, 'restart', '--as', 'mallory'], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Cannot approve restart');
    expect(refused.stderr).toContain('mallory');

    const approved = await runInProcess(['runbook', 'approve', id, 'restart', '--as', 'alice', '--reason', 'dashboards checked'], env);
    expect(approved.stderr).toBe('');
    expect(approved.stdout).toContain(`Approved restart of ${id} as alice: dashboards checked`);
    expect(approved.code).toBe(0);

    await run.waitFor(/awaiting-checklist\s+confirm-by-hand/);
    const table = await runInProcess(['runbook', 'status', id], env);
    expect(table.stdout).toMatch(/restart\s+✔ succeeded\s+approved by alice: dashboards checked/);
    expect(table.stdout).toContain(`npx swaybot runbook tick ${id} confirm-by-hand dashboards-are-green`);

    const one = await runInProcess(['runbook', 'tick', id, 'confirm-by-hand', 'dashboards-are-green', '--as', 'bob'], env);
    expect(one.stdout).toContain('checklist 1/2');
    const rest = await runInProcess(['runbook', 'tick', id, 'confirm-by-hand', '--as', 'bob'], env);
    expect(rest.stdout).toContain('checklist 2/2');

    const result = await run.exited;
    expect(result.stdout).toContain('✔ cli-approve succeeded');
    expect(result.code).toBe(0);
    const done = await runInProcess(['runbook', 'status', id, '--format', 'json'], env);
    const final = JSON.parse(done.stdout) as { workflowStatus: string; outputs: Record<string, unknown> };
    expect(final.workflowStatus).toBe('COMPLETED');
  }, 180_000);

  it('exits 1 from --wait when the run fails (a rejected approval)', async () => {
    const env = cliEnv({ taskQueue });
    const id = `cli-reject-${Date.now().toString(36)}`;
    const run = startInProcess(['runbook', 'run', approveFile, '--id', id, '--wait'], env);
    await run.waitFor(/awaiting-approval\s+restart/);
    const rejected = await runInProcess(['runbook', 'reject', id, 'restart', '--as', 'bob', '--reason', 'not now'], env);
    expect(rejected.code).toBe(0);
    const result = await run.exited;
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✖ cli-approve failed/);
  }, 180_000);

  it('stops following on Ctrl-C with exit 130, leaving the run going', async () => {
    const env = cliEnv({ taskQueue });
    const id = `cli-ctrl-c-${Date.now().toString(36)}`;
    const run = startInProcess(['runbook', 'run', approveFile, '--id', id, '--wait'], env);
    await run.waitFor(/awaiting-approval\s+restart/);
    run.interrupt();
    const result = await run.exited;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain(`Stopped following; the run goes on. Follow it with: npx swaybot runbook status ${id}`);
    const status = await runInProcess(['runbook', 'status', id, '--format', 'json'], env);
    expect(JSON.parse(status.stdout)).toMatchObject({ workflowStatus: 'RUNNING', state: 'running' });
    // Ends the run so it does not linger on the shared server.
    expect((await runInProcess(['runbook', 'reject', id, 'restart', '--as', 'bob'], env)).code).toBe(0);
  }, 180_000);

  it('refuses bad parameters before starting anything', async () => {
    const env = cliEnv({ taskQueue });
    const typed = await runInProcess(['runbook', 'run', approveFile, '--param', 'times=many'], env);
    expect(typed.code).toBe(1);
    expect(typed.stderr).toContain('--param times=many, expected a number');
    const unknown = await runInProcess(['runbook', 'run', approveFile, '--param', 'colour=blue'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('`colour` is not a parameter of this runbook (known: who, times)');
  });

  it('refuses a workflow id the ledger could not record (its events would be refused while the run succeeds)', async () => {
    const env = cliEnv({ taskQueue });
    const long = await runInProcess(['runbook', 'run', approveFile, '--id', 'x'.repeat(201)], env);
    expect(long.code).toBe(1);
    expect(long.stderr).toContain('--id: workflow id is 201 characters, at most 200');
  });

  it('says where it looked when no Temporal server answers', async () => {
    const port = await freePort();
    const env = cliEnv({ taskQueue, address: `127.0.0.1:${port}` });
    const result = await runInProcess(['runbook', 'status', 'whatever'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No Temporal server at 127.0.0.1:${port}; start one with \`npm start\``);
    expect(result.stderr).toContain('TEMPORAL_ADDRESS');
  });

  it('names an unknown workflow id', async () => {
    const result = await runInProcess(['runbook', 'status', 'no-such-run'], cliEnv({ taskQueue }));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No run with id no-such-run');
  });
});
