/**
 * Unknown hosts and disallowed URLs are caught before anything runs: by
 * `runbook check`, by `runbook run` before it starts a workflow, and by
 * `hardware power` before it starts its run.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnv } from './cli.js';
import { runInProcess } from './in-process.js';

function runbook(body: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'swaybot-hosts-')), 'hosts.md');
  writeFileSync(path, `# Hosts\n\n${body}`);
  return path;
}

const SENSORS = (host: string, title: string) => `## ${title}\n\n\`\`\`swaybot\naction: hardware.sensors\nwith:\n  host: ${host}\n\`\`\`\n\n`;
const CALL = '## Call\n\n```swaybot\naction: http.request\nwith:\n  url: https://status.example.com/health\n```\n';

describe('hosts and URLs checked before a run', () => {
  it('`runbook check` reports an unknown literal host with the nearest inventory host, and a URL host outside http.allowHosts', async () => {
    const path = runbook(SENSORS('drill-web-99', 'Typo') + SENSORS('"{{ run.id }}"', 'Templated') + CALL);
    const result = await runInProcess(['runbook', 'check', path]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/:8:9\s+error\s+Unexpected host `drill-web-99`, expected a host of the inventory \(did you mean `drill-web-01`\?\)\s+unknown-host/);
    expect(result.stdout).toMatch(/:24:8\s+error\s+Unexpected host `status\.example\.com` in `url`, expected one of `http\.allowHosts` \(`127\.0\.0\.1:8787`, `localhost:8787`\).*host-not-allowed/);
    expect(result.stdout).toContain('✖ 2 problems (2 errors, 0 warnings)');
  });

  it('`runbook check` warns once when the inventory cannot be read', async () => {
    const path = runbook(SENSORS('drill-web-99', 'One') + SENSORS('drill-web-98', 'Two'));
    const env = cliEnv({ extra: { SWAYBOT_HARDWARE_INVENTORY: join(tmpdir(), 'no-such-inventory.yaml') } });
    const result = await runInProcess(['runbook', 'check', path], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/warning\s+Unexpected literal host `drill-web-99` without an inventory to check it against \(cannot read inventory .*no-such-inventory\.yaml: ENOENT\).*no-inventory/);
    expect(result.stdout).toContain('✖ 1 problem (0 errors, 1 warning)');
  });

  it('`runbook run` refuses a runbook with an unknown host before starting a workflow', async () => {
    const result = await runInProcess(['runbook', 'run', runbook(SENSORS('drill-web-99', 'Typo'))]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Unexpected host `drill-web-99`, expected a host of the inventory (did you mean `drill-web-01`?)');
    expect(result.stdout).not.toContain('Started');
  });

  it('`hardware power` refuses an unknown host before starting a run, naming the nearest one', async () => {
    // No server at this address: a refusal that came after connecting would say so instead.
    const env = cliEnv({ address: '127.0.0.1:1' });
    const result = await runInProcess(['hardware', 'power', 'drill-web-99', 'on'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unexpected host `drill-web-99`, expected a host of the inventory (did you mean `drill-web-01`?)');
    expect(result.stderr).not.toContain('No Temporal server');
    expect(result.stdout).not.toContain('Started');
  });

  it('`hardware power --yes` is refused before anything starts: no power change skips its approval', async () => {
    const env = cliEnv({ address: '127.0.0.1:1' });
    const result = await runInProcess(['hardware', 'power', 'drill-web-01', 'off', '--yes'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('`--yes` no longer skips the approval: a power change runs only after someone else in its approver groups approves it');
    expect(result.stderr).not.toContain('No Temporal server');
    expect(result.stdout).not.toContain('Started');
  });
});
