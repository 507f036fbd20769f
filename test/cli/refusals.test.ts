import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliEnv, FIXTURES } from './cli.js';
import { startAtGate, useOpsWorker } from './ops-worker.js';
import { runInProcess } from './in-process.js';

// Each refused approve/reject/tick says what was wrong with it, and only a refusal for not being
// an approver points at the approver groups, naming the config file actually in use.

const { taskQueue } = useOpsWorker('refusals');
let env: NodeJS.ProcessEnv;
const id = `refusals-${Date.now().toString(36)}`;

beforeAll(async () => {
  env = cliEnv({ taskQueue });
  await startAtGate(join(FIXTURES, 'approve.md'), id, env);
});

describe('refused decisions and ticks', () => {
  it('names an unknown step and lists the real ones, without the approver hint', async () => {
    const result = await runInProcess(['runbook', 'approve', id, 'restrat', '--as', 'alice'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Cannot approve restrat of ${id}: Unknown step "restrat"; steps: greet, restart, confirm-by-hand`);
    expect(result.stderr).toContain(`npx swaybot runbook status ${id}`);
    expect(result.stderr).not.toContain('Approvers are');
  });

  it('says a step that is not waiting is not waiting, without the approver hint', async () => {
    const result = await runInProcess(['runbook', 'approve', id, 'greet', '--as', 'alice'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Step `greet` is not awaiting approval (it has no approval gate; it is succeeded)');
    expect(result.stderr).not.toContain('Approvers are');
    const tick = await runInProcess(['runbook', 'tick', id, 'restart'], env);
    expect(tick.code).toBe(1);
    expect(tick.stderr).toContain('Step `restart` is not a manual step; it has no checklist');
  });

  it('points a non-approver at the groups of the config file in use', async () => {
    const result = await runInProcess(['runbook', 'approve', id, 'restart', '--as', 'mallory'], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('`mallory` may not decide step `restart`: not a member of `sre`');
    expect(result.stderr).toContain(`Approvers are the \`groups\` in ${env['SWAYBOT_CONFIG']}`);
    expect(result.stderr).not.toContain('swaybot.config.yaml;');
  });

  it('says how to create a config file when none is in use', async () => {
    const noFile = { ...env };
    delete noFile['SWAYBOT_CONFIG'];
    const result = await runInProcess(['runbook', 'reject', id, 'restart', '--as', 'mallory'], noFile);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no config file is in use');
    expect(result.stderr).toContain('copy swaybot.config.example.yaml to swaybot.config.yaml');
  });

  it('says a decided step is already decided, and by whom', async () => {
    const approved = await runInProcess(['runbook', 'approve', id, 'restart', '--as', 'alice'], env);
    expect(approved.code).toBe(0);
    const again = await runInProcess(['runbook', 'reject', id, 'restart', '--as', 'bob'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Step `restart` is already decided (approve by alice)');
    expect(again.stderr).not.toContain('Approvers are');
  });
});
