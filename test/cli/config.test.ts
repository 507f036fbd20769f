import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cliEnv, ROOT } from './cli.js';
import { runInProcess } from './in-process.js';

describe('swaybot config show', () => {
  it('prints every effective setting with its source: the file and line, the environment, or the default', async () => {
    const env = cliEnv({ taskQueue: 'shown-queue', extra: { TEMPORAL_NAMESPACE: 'ns-from-env' } });
    const result = await runInProcess(['config', 'show'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`config file  ${env['SWAYBOT_CONFIG']}`);
    expect(result.stdout).toMatch(/^KEY\s+VALUE\s+SOURCE$/m);
    // cliEnv's file sets stateDir on line 1 and taskQueue on line 3.
    expect(result.stdout).toMatch(new RegExp(`^temporal\\.taskQueue\\s+shown-queue\\s+${env['SWAYBOT_CONFIG']}:3$`, 'm'));
    expect(result.stdout).toMatch(/^temporal\.namespace\s+ns-from-env\s+env TEMPORAL_NAMESPACE$/m);
    expect(result.stdout).toMatch(/^hardware\.concurrency\s+16\s+default$/m);
    expect(result.stdout).toMatch(new RegExp(`^groups\\.sre\\s+\\["alice","bob"\\]\\s+${env['SWAYBOT_CONFIG']}:7$`, 'm'));
    expect(result.stdout).toMatch(/^approvals\.maxSkew\s+10m\s+default$/m);
  });

  it('prints JSON for scripts, and says when no config file is in use', async () => {
    const env = cliEnv();
    delete env['SWAYBOT_CONFIG'];
    const result = await runInProcess(['config', 'show', '--format', 'json'], env);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as { file: string | null; settings: { key: string; source: string }[] };
    expect(json.file).toBeNull();
    expect(json.settings.find((s) => s.key === 'temporal.address')).toMatchObject({ source: 'env TEMPORAL_ADDRESS' });
    expect(json.settings.find((s) => s.key === 'ledger.backend')).toMatchObject({ source: 'default' });
    // No file is the demo: its approvers and believed `--as` say where they come from.
    expect(json.settings.find((s) => s.key === 'groups.sre')).toMatchObject({ value: ['alice', 'bob'], source: 'demo (no config file)' });
    expect(json.settings.find((s) => s.key === 'approvals.identity')).toMatchObject({ value: 'asserted', source: 'demo (no config file)' });
    const text = await runInProcess(['config', 'show'], env);
    expect(text.stdout).toContain('config file  none');
    expect(text.stdout).toContain('copy swaybot.config.example.yaml to swaybot.config.yaml');
  });

  it('exits 2 naming the bad field of an invalid configuration', async () => {
    const env = cliEnv({ extra: { SWAYBOT_CONFIG: `${ROOT}/package.json` } });
    const result = await runInProcess(['config', 'show'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid configuration');
  });
});

describe('swaybot --version', () => {
  it('prints the package version', async () => {
    const { version } = JSON.parse(readFileSync(`${ROOT}/package.json`, 'utf8')) as { version: string };
    const result = await runInProcess(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });
});
