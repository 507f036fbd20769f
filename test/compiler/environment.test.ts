/**
 * Checks against where a run will go: literal hosts against the inventory,
 * literal URLs against `http.allowHosts`. Templated values are left to run time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePaths, compileRunbook } from '../../compiler/index.js';

const INVENTORY = ['drill-db-01', 'drill-web-01', 'drill-web-02'];

const RUNBOOK = `# Hosts and URLs

## Sensors of a typo

\`\`\`swaybot
action: hardware.sensors
with:
  host: drill-web-99
\`\`\`

## Sensors of a known host

\`\`\`swaybot
action: hardware.sensors
with:
  host: drill-db-01
\`\`\`

## Sensors of a host known at run time

\`\`\`swaybot
action: hardware.sensors
with:
  host: "{{ run.id }}"
\`\`\`

## Call a status page

\`\`\`swaybot
action: http.request
with:
  url: https://status.example.com/health
\`\`\`

## Call an internal service

\`\`\`swaybot
action: http.request
with:
  url: http://api.internal.example/health
compensate:
  action: http.request
  with:
    url: http://internal.example/undo
\`\`\`
`;

const lines = (result: ReturnType<typeof compileRunbook>) =>
  result.file.messages.map((m) => `${m.line}:${m.column} ${m.fatal ? 'error' : 'warning'} ${m.ruleId} ${m.reason}`);

describe('compiling against an inventory and an allow-list', () => {
  it('reports literal unknown hosts and disallowed URL hosts at their place, and leaves templates alone', () => {
    const result = compileRunbook(RUNBOOK, { inventory: INVENTORY, allowHosts: ['127.0.0.1', '*.internal.example'] });
    expect(lines(result)).toEqual([
      '8:9 error unknown-host Unexpected host `drill-web-99`, expected a host of the inventory (did you mean `drill-web-01`?)',
      '32:8 error host-not-allowed Unexpected host `status.example.com` in `url`, expected one of `http.allowHosts` (`127.0.0.1`, `*.internal.example`); add it there to let runs call it',
      // `*.suffix` matches sub-domains only, as at run time; the compensation is checked too.
      '44:10 error host-not-allowed Unexpected host `internal.example` in `url`, expected one of `http.allowHosts` (`127.0.0.1`, `*.internal.example`); add it there to let runs call it',
    ]);
    expect(result.file.messages[0]?.expected).toEqual(['drill-web-01']);
    expect(result.plan).toBeUndefined();
  });

  it('warns once when there is no inventory to check hosts against', () => {
    const result = compileRunbook(RUNBOOK, { inventory: { unavailable: 'cannot read inventory /nowhere.yaml: ENOENT' } });
    expect(lines(result)).toEqual([
      '8:9 warning no-inventory Unexpected literal host `drill-web-99` without an inventory to check it against (cannot read inventory /nowhere.yaml: ENOENT), expected `hardware.inventory` to name a readable file',
    ]);
    expect(result.plan).toBeDefined();
  });

  it('checks nothing of the kind when it is given neither', () => {
    const result = compileRunbook(RUNBOOK);
    expect(result.file.messages).toEqual([]);
    expect(result.plan?.steps).toHaveLength(5);
  });

  it('passes the inventory and allow-list to the compile worker of `compilePaths`', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'swaybot-env-'));
    writeFileSync(join(dir, 'hosts.md'), RUNBOOK);
    const [result] = await compilePaths([dir], { inventory: INVENTORY, allowHosts: ['*.example.com', 'internal.example', 'api.internal.example'] });
    expect(result?.file.messages.map((m) => m.ruleId)).toEqual(['unknown-host']);
  });

  it('refuses options of the wrong shape as programmer errors', () => {
    expect(() => compileRunbook(RUNBOOK, { inventory: 'drill-web-01' as never })).toThrow(/Cannot compile with an `inventory`/);
    expect(() => compileRunbook(RUNBOOK, { allowHosts: [1] as never })).toThrow(/Cannot compile with `allowHosts`/);
  });
});
