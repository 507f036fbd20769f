import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainConfig } from '../../config/explain.js';
import { loadConfig } from '../../config/load.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const EXAMPLE = join(ROOT, 'swaybot.config.example.yaml');

describe('swaybot.config.example.yaml', () => {
  it('is valid, sets every setting, and changes nothing when copied as is', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'swaybot-config-'));
    const fromExample = explainConfig({ SWAYBOT_CONFIG: EXAMPLE }, cwd);
    // Every setting comes from the file: none was left out (address is optional, shown commented out).
    expect(fromExample.settings.filter((s) => !s.source.startsWith(`${EXAMPLE}:`))).toEqual([]);
    // As is, it is the same as an empty config file (no file at all is the demo: see below).
    const empty = join(cwd, 'empty.yaml');
    writeFileSync(empty, '{}\n');
    expect(loadConfig({ SWAYBOT_CONFIG: EXAMPLE }, cwd)).toEqual(loadConfig({ SWAYBOT_CONFIG: empty }, cwd));
  });

  it('has no approvers and signed identity, as any config file; only no file at all is the demo', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'swaybot-config-'));
    const fromExample = loadConfig({ SWAYBOT_CONFIG: EXAMPLE }, cwd);
    expect(fromExample.groups).toEqual({});
    expect(fromExample.approvals.identity).toBe('signed');
    const demo = loadConfig({}, cwd);
    expect(demo.groups).toEqual({ sre: ['alice', 'bob'], 'incident-commanders': ['carol'] });
    expect(demo.approvals.identity).toBe('asserted');
  });
});

describe('explainConfig', () => {
  it('names the source of each value: default, file:line or the environment, and hides secrets', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'swaybot-config-'));
    writeFileSync(join(cwd, 'swaybot.config.yaml'), 'temporal:\n  taskQueue: mine\n  namespace: ns-file\ngroups:\n  sre: [dave]\n');
    const { file, settings } = explainConfig({ TEMPORAL_NAMESPACE: 'ns-env' }, cwd);
    expect(file).toBe(join(cwd, 'swaybot.config.yaml'));
    const byKey = Object.fromEntries(settings.map((s) => [s.key, s]));
    expect(byKey['temporal.taskQueue']).toEqual({ key: 'temporal.taskQueue', value: 'mine', source: 'swaybot.config.yaml:2' });
    expect(byKey['temporal.namespace']).toEqual({ key: 'temporal.namespace', value: 'ns-env', source: 'env TEMPORAL_NAMESPACE' });
    expect(byKey['temporal.port']).toEqual({ key: 'temporal.port', value: 7233, source: 'default' });
    expect(byKey['groups.sre']).toEqual({ key: 'groups.sre', value: ['dave'], source: 'swaybot.config.yaml:5' });
    // The file's groups replace the default directory.
    expect(byKey['groups.incident-commanders']).toBeUndefined();
  });

  it('redacts values under secret-looking names and passwords in URLs', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'swaybot-config-'));
    writeFileSync(join(cwd, 'swaybot.config.yaml'), 'groups:\n  token: [x]\nhttp:\n  allowHosts: ["https://u:hunter2@h.example"]\n');
    const { settings } = explainConfig({}, cwd);
    const byKey = Object.fromEntries(settings.map((s) => [s.key, s.value]));
    expect(byKey['groups.token']).toBe('(redacted)');
    expect(JSON.stringify(settings)).not.toContain('hunter2');
  });
});
