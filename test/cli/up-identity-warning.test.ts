/**
 * `swaybot up` warns when approvals believe `--as` (`approvals.identity: asserted`, the demo's
 * default without a config file), and says nothing of it when identity is signed. `--port 99999`
 * stops `up` right after the warning, before anything starts.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliEnv } from './cli.js';
import { runInProcess } from './in-process.js';

const WARNING = 'approvals.identity is `asserted`: `--as <user>` is believed, so anyone can approve as anyone';

describe('swaybot up and asserted identity', () => {
  it('warns when approvals.identity is asserted', async () => {
    const result = await runInProcess(['up', '--port', '99999'], cliEnv());
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(WARNING);
    expect(result.stdout).toContain('docs/security.md#approvals-and-identity');
  });

  it('does not when it is signed', async () => {
    const env = cliEnv();
    writeFileSync(env['SWAYBOT_CONFIG']!, 'approvals:\n  identity: signed\n');
    const result = await runInProcess(['up', '--port', '99999'], env);
    expect(result.code).toBe(2);
    expect(result.stdout).not.toContain('approvals.identity');
  });
});
