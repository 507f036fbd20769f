/**
 * `swaybot up --demo` end to end, as a user runs it: real dev server on a state
 * folder, real worker process, demo service, demo run; Ctrl-C; start again on
 * the same folder and finish the run that was in flight.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, isListening } from '../../devstack/ports.js';
import { readStackFile, isAlive } from '../../devstack/stack-file.js';
import { DEMO_INCIDENT_ID, DEMO_INCIDENT_RUN } from '../../devstack/demo-run.js';
import { cliEnv, runCli, startCli, type CliProcess } from '../cli/cli.js';

/** The demo alert's incident runs the health check as this child run. */
const WORKFLOW = DEMO_INCIDENT_RUN;

async function stop(up: CliProcess): Promise<number | null> {
  up.child.kill('SIGINT');
  return (await up.exited).code;
}

/** Waits until every pid is gone (the stack waits for its children, so this is quick). */
async function gone(pids: number[]): Promise<boolean> {
  for (let i = 0; i < 50; i++) {
    if (pids.every((p) => !isAlive(p))) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

describe('swaybot up --demo', () => {
  it('starts the stack and the demo run, stops cleanly on Ctrl-C, and resumes the run on the next start', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'swaybot-up-'));
    const [port, uiPort, demoPort] = [await freePort(), await freePort(), await freePort()];
    // No TEMPORAL_ADDRESS: `up` starts its own server on the state folder.
    const env = cliEnv({ extra: { SWAYBOT_STATE_DIR: stateDir } });
    delete env['TEMPORAL_ADDRESS'];
    const args = ['up', '--demo', '--port', String(port), '--ui-port', String(uiPort), '--demo-port', String(demoPort), '--state-dir', stateDir];

    const first = startCli(args, env);
    await first.waitFor(/swaybot is up/, 180_000);
    const link = `http://127.0.0.1:${uiPort}/namespaces/default/workflows/${WORKFLOW}`;
    expect(first.output()).toContain(link);
    expect(first.output()).toContain(`npx swaybot runbook approve ${WORKFLOW} drain-traffic --as alice`);
    // The demo went through the real alert receiver: an incident, its status message on the console.
    expect(first.output()).toContain(`Incident   ${DEMO_INCIDENT_ID}`);
    await first.waitFor(/#incidents/, 60_000);
    expect(first.output()).toContain('(started)');
    // The Web UI the banner points at answers.
    expect((await fetch(`http://127.0.0.1:${uiPort}/`)).status).toBe(200);
    // The run went through the health check against the (degraded) demo service and waits for a person.
    await first.waitFor(/awaiting-approval\s+drain-traffic/, 60_000);

    const stack = readStackFile(stateDir)!;
    expect(stack.address).toBe(`127.0.0.1:${port}`);
    const pids = [stack.pid, stack.serverPid!, stack.workerPid!];
    expect(await stop(first)).toBe(0);
    expect(first.output()).toContain('stopped cleanly');
    expect(await gone(pids)).toBe(true);
    expect(await isListening(port)).toBe(false);
    expect(await isListening(demoPort)).toBe(false);

    const second = startCli(args, env);
    try {
      await second.waitFor(/swaybot is up/, 180_000);
      expect(second.output()).toContain('(resumed: it was in flight)');
      await second.waitFor(/awaiting-approval\s+drain-traffic/, 60_000);

      // A second CLI finds the running stack through the state folder (no address given).
      // Approved through the incident, which forwards it to its run.
      const approved = await runCli(['incident', 'approve', DEMO_INCIDENT_ID, 'drain-traffic', '--as', 'alice'], env);
      expect(approved.stderr).toBe('');
      expect(approved.code).toBe(0);
      // Drain, restart (the demo service turns healthy), warm-up timer, verify, undrain: then the checklist.
      await second.waitFor(/awaiting-checklist\s+confirm-dashboards-are-green/, 90_000);
      const ticked = await runCli(['runbook', 'tick', WORKFLOW, 'confirm-dashboards-are-green'], env);
      expect(ticked.code).toBe(0);
      await second.waitFor(/run succeeded/, 60_000);

      const status = await runCli(['runbook', 'status', WORKFLOW, '--format', 'json'], env);
      const json = JSON.parse(status.stdout) as { workflowStatus: string; steps: { id: string; state: string }[] };
      expect(json.workflowStatus).toBe('COMPLETED');
      expect(json.steps.find((s) => s.id === 'restart-the-service')?.state).toBe('succeeded');
      expect(json.steps.find((s) => s.id === 'verify-health')?.state).toBe('succeeded');
    } finally {
      expect(await stop(second)).toBe(0);
      rmSync(stateDir, { recursive: true, force: true });
    }
  }, 600_000);

  it('refuses to start over a Temporal server that already runs on its port, and says how to use it', async () => {
    const env = cliEnv();
    const address = env['TEMPORAL_ADDRESS']!;
    delete env['TEMPORAL_ADDRESS'];
    const port = address.split(':')[1]!;
    const stateDir = mkdtempSync(join(tmpdir(), 'swaybot-up-'));
    const result = await runCli(['up', '--port', port, '--ui-port', String(await freePort()), '--state-dir', stateDir], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`A Temporal server is already running on 127.0.0.1:${port}`);
    expect(result.stderr).toContain(`TEMPORAL_ADDRESS=127.0.0.1:${port} npm start`);
    rmSync(stateDir, { recursive: true, force: true });
  });
});
