import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Transition } from '../../workflows/messages.js';
import { cliEnv, FIXTURES } from './cli.js';
import { useOpsWorker } from './ops-worker.js';
import { runInProcess, startInProcess } from './in-process.js';

const { taskQueue } = useOpsWorker('cli-runs');

const approveFile = join(FIXTURES, 'approve.md');
const compensateFile = join(FIXTURES, 'compensate.md');
/** Someone in no approver group, as a fresh OS user is: the hints must still work for them. */
const outsider = (): NodeJS.ProcessEnv => cliEnv({ taskQueue, extra: { SWAYBOT_USER: 'mallory' } });

/** The `npx swaybot …` lines in `text`, as argv (single quotes as the shell reads them), comments dropped. */
function suggestions(text: string): string[][] {
  const found: string[][] = [];
  for (const line of text.split('\n')) {
    const at = line.indexOf('npx swaybot ');
    if (at < 0 || line.trimStart().startsWith('#') || line.includes('Follow it with')) continue;
    const words = line.slice(at + 'npx swaybot '.length).match(/#.*|'(?:[^']|'\\'')*'|[^\s']+/g) ?? [];
    const argv = words.filter((w) => !w.startsWith('#')).map((w) => (w.startsWith("'") ? w.slice(1, -1).replace(/'\\''/g, "'") : w));
    if (!found.some((f) => f.join(' ') === argv.join(' '))) found.push(argv);
  }
  return found;
}

/**
 * Runs each suggestion as printed; each must succeed, or be refused only because an earlier
 * one already did the work (decided the gate, ticked the items, or finished the run).
 */
async function runEach(argvs: string[][], env: NodeJS.ProcessEnv): Promise<string[]> {
  const done: string[] = [];
  for (const argv of argvs) {
    const result = await runInProcess(argv, env);
    if (result.code !== 0) {
      expect(result.stderr, `${argv.join(' ')} was refused`).toMatch(/already decided|not awaiting approval|already done|has no open item|not waiting for its checklist|or it has finished/);
    } else done.push(argv.join(' '));
  }
  return done;
}

/** Polls `runbook list` until `ok` holds for its output or the deadline passes (visibility lags a little). */
async function listUntil(args: string[], env: NodeJS.ProcessEnv, ok: (stdout: string) => boolean, what: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const result = await runInProcess(['runbook', 'list', ...args], env);
    expect(result.code, result.stderr).toBe(0);
    if (ok(result.stdout)) return result.stdout;
    if (Date.now() > deadline) throw new Error(`runbook list ${args.join(' ')} never showed ${what}; last output:\n${result.stdout}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('next steps work as printed', () => {
  it('every approve, reject, tick and status line that --wait and status print runs as pasted', async () => {
    const env = outsider();
    const id = `cli-next-${Date.now().toString(36)}`;
    const run = startInProcess(['runbook', 'run', approveFile, '--id', id, '--wait'], env);
    await run.waitFor(/awaiting-approval\s+restart[\s\S]*runbook reject/);
    const table = await runInProcess(['runbook', 'status', id], env);
    const atGate = suggestions(run.output() + table.stdout);
    // mallory is in no group: the hint names someone who is.
    expect(atGate.map((a) => a.join(' '))).toContain(`runbook approve ${id} restart --as alice`);
    expect(atGate.filter((a) => a[1] === 'approve' || a[1] === 'reject').every((a) => a.includes('--as'))).toBe(true);
    const first = await runEach(atGate, env);
    expect(first).toContain(`runbook approve ${id} restart --as alice`);

    await run.waitFor(/awaiting-checklist\s+confirm-by-hand[\s\S]*nobody-is-paged/);
    const checklistTable = await runInProcess(['runbook', 'status', id], env);
    expect(checklistTable.stdout).toMatch(new RegExp(`runbook tick ${id} confirm-by-hand\\s+# all 2 items`));
    const atChecklist = suggestions(run.output() + checklistTable.stdout).filter((a) => !atGate.some((g) => g.join(' ') === a.join(' ')));
    expect(atChecklist.map((a) => a.join(' '))).toContain(`runbook tick ${id} confirm-by-hand`);
    const second = await runEach(atChecklist, env);
    expect(second).toContain(`runbook tick ${id} confirm-by-hand`);

    const result = await run.exited;
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✔ cli-approve succeeded');
  }, 180_000);
});

describe('--wait follows the run’s own record of transitions', () => {
  it('prints a failing, compensating run in the order it happened, its error once', async () => {
    const env = cliEnv({ taskQueue });
    const id = `cli-comp-${Date.now().toString(36)}`;
    const result = await runInProcess(['runbook', 'run', compensateFile, '--id', id, '--wait'], env);
    expect(result.code).toBe(1);
    const printed = result.stdout
      .split('\n')
      .map((l) => l.match(/^[▶✔✖↺⏸↷] ([a-z-]+) {2,}([a-z-]+)/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => `${m[1]} ${m[2]}`);
    expect(printed).toEqual([
      'running drain',
      'succeeded drain',
      'skipped hold',
      'running call-outside',
      'failed call-outside',
      'compensating run',
      'compensated drain',
    ]);
    // The same order as the run's record, read back from its status query.
    const status = await runInProcess(['runbook', 'status', id, '--format', 'json'], env);
    const record = (JSON.parse(status.stdout) as { transitions: Transition[] }).transitions;
    expect(record.map((t) => t.seq)).toEqual(record.map((_, i) => i + 1));
    const shown = record.filter((t) => t.event !== 'started' && (t.step !== undefined || t.event === 'compensating'));
    expect(shown.map((t) => (t.step === undefined ? 'compensating run' : `${t.state} ${t.step}`))).toEqual(printed);
    // The failure once, on its step; the last line points there instead of repeating it.
    expect(result.stdout.match(/HostNotAllowed/g)).toHaveLength(1);
    expect(result.stdout).toContain('✖ cli-compensate failed (the failed step above says why)');
    expect(JSON.parse(status.stdout)).toMatchObject({ workflowStatus: 'FAILED', state: 'failed' });
    const table = await runInProcess(['runbook', 'status', id], env);
    expect(table.stdout).toMatch(/run failed/);
  }, 180_000);
});

describe('swaybot runbook list / cancel', () => {
  it('lists what waits for me, filters by state, and cancels a run, printing its compensations', async () => {
    const alice = cliEnv({ taskQueue, extra: { SWAYBOT_USER: 'alice' } });
    const id = `cli-list-${Date.now().toString(36)}`;
    const started = await runInProcess(['runbook', 'run', compensateFile, '--id', id, '-p', 'gate=true', '--incident', '{"id":"INC-7","service":"svc"}'], alice);
    expect(started.code, started.stderr).toBe(0);

    const mine = await listUntil(['--waiting-for-me'], alice, (out) => out.includes(id), 'the run waiting for alice');
    const row = mine.split('\n').find((l) => l.startsWith(id))!;
    expect(row).toMatch(new RegExp(`${id}\\s+awaiting-approval\\s+cli-compensate\\s+INC-7\\s+approval of hold by sre\\s+\\d+(ms|s)`));
    expect(mine).toContain(`npx swaybot runbook approve ${id} hold --as alice`);
    const notMallory = await runInProcess(['runbook', 'list', '--waiting-for-me'], outsider());
    expect(notMallory.stdout).not.toContain(id);
    await listUntil(['--state', 'awaiting-approval'], alice, (out) => out.includes(id), 'the run by state');
    const succeeded = await runInProcess(['runbook', 'list', '--state', 'succeeded'], alice);
    expect(succeeded.stdout).not.toContain(id);
    const bad = await runInProcess(['runbook', 'list', '--state', 'awaiting'], alice);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unexpected --state `awaiting`, expected one of running, awaiting-approval');

    const cancelled = await runInProcess(['runbook', 'cancel', id], alice);
    expect(cancelled.stderr).toBe('');
    expect(cancelled.code).toBe(0);
    expect(cancelled.stdout).toMatch(/✖ failed\s+hold: cancelled[\s\S]*↺ compensating[\s\S]*↺ compensated\s+drain[\s\S]*✔ cli-list-\w+ cancelled/);
    const again = await runInProcess(['runbook', 'cancel', id], alice);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Run ${id} is not in flight (it ended cancelled); nothing to cancel`);
    await listUntil(['--state', 'cancelled'], alice, (out) => out.includes(id), 'the cancelled run');
  }, 180_000);
});
