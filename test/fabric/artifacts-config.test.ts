/**
 * The artifacts step of `npm run fabric:up` without Fabric: `artifacts.sh --config-only` writes
 * configtx.yaml and crypto-config.yaml and calls no Fabric binary. Checks what configtxgen and
 * cryptogen would refuse (issue 9, point 2), that the scripts find their siblings whatever the
 * working directory and however the script path is spelled (point 1), and that a failing tool
 * step is named, with the tail of its log, the log's path and its own exit code (point 3): a
 * failing `configtxgen`/`cryptogen` script put first on PATH here tests our error reporting, it
 * does not stand in for Fabric.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '../..');
const scripts = path.join(root, 'scripts/fabric');
const artifacts = path.join(scripts, 'artifacts.sh');
const tmp = mkdtempSync(path.join(tmpdir(), 'swaybot-fabric-artifacts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The top-level keys configtxgen's TopLevel struct accepts; anything else fails `'' has invalid keys`. */
const CONFIGTX_TOP_LEVEL = ['Organizations', 'Capabilities', 'Application', 'Orderer', 'Channel', 'Profiles'];
const CHANNEL_POLICIES = ['Readers', 'Writers', 'Admins'];

type Doc = Record<string, unknown>;
const isDoc = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What configtxgen would refuse in a parsed configtx.yaml (merge keys already applied). */
function configtxProblems(doc: unknown): string[] {
  if (!isDoc(doc)) return ['configtx.yaml is not a mapping'];
  const problems = Object.keys(doc)
    .filter((k) => !CONFIGTX_TOP_LEVEL.includes(k))
    .map((k) => `top-level key ${k} is not one configtxgen accepts (${CONFIGTX_TOP_LEVEL.join(', ')})`);
  const profiles = doc['Profiles'];
  if (!isDoc(profiles) || Object.keys(profiles).length === 0) return [...problems, 'no Profiles'];
  for (const [name, profile] of Object.entries(profiles)) {
    const policies = isDoc(profile) ? profile['Policies'] : undefined;
    for (const p of CHANNEL_POLICIES) {
      if (!isDoc(policies) || !isDoc(policies[p])) problems.push(`profile ${name} has no channel policy ${p}`);
    }
    if (!isDoc(profile) || !isDoc(profile['Capabilities'])) problems.push(`profile ${name} has no channel capabilities`);
  }
  return problems;
}

const readYaml = (file: string): unknown => parse(readFileSync(file, 'utf8'), { merge: true });

function bash(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync('bash', args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
}

/** A fresh working directory and state folder, both away from the repository. */
function place(name: string): { cwd: string; stateDir: string; state: string } {
  const cwd = path.join(tmp, name, 'elsewhere');
  mkdirSync(cwd, { recursive: true });
  const stateDir = path.join(tmp, name, 'state');
  return { cwd, stateDir, state: path.join(stateDir, 'fabric') };
}

function expectValidConfig(state: string): void {
  const configtx = readYaml(path.join(state, 'configtx.yaml'));
  expect(configtxProblems(configtx)).toEqual([]);
  const profile = (configtx as { Profiles: Record<string, Doc> }).Profiles['SwaybotChannel'] as Doc;
  expect(Object.keys(profile['Policies'] as Doc).sort()).toEqual([...CHANNEL_POLICIES].sort());
  expect(profile['Capabilities']).toEqual({ V2_0: true });
  // Every path in it points into the state folder the script was given.
  const orderer = profile['Orderer'] as { EtcdRaft: { Consenters: { ServerTLSCert: string }[] } };
  expect(orderer.EtcdRaft.Consenters[0]?.ServerTLSCert.startsWith(`${state}/crypto/`)).toBe(true);
  const crypto = readYaml(path.join(state, 'crypto-config.yaml'));
  expect(Object.keys(crypto as Doc).sort()).toEqual(['OrdererOrgs', 'PeerOrgs']);
}

describe('configtxProblems (the check the tests below apply)', () => {
  it('catches the top-level Policies key configtxgen refused, and a profile without channel policies', () => {
    const refused = parse(
      [
        'Capabilities:',
        '  Channel: &ChannelCapabilities { V2_0: true }',
        'Policies: &ImplicitPolicies',
        '  Readers: { Type: ImplicitMeta, Rule: "ANY Readers" }',
        '  Writers: { Type: ImplicitMeta, Rule: "ANY Writers" }',
        '  Admins: { Type: ImplicitMeta, Rule: "MAJORITY Admins" }',
        'Profiles:',
        '  SwaybotChannel:',
        '    Policies: *ImplicitPolicies',
        '    Capabilities: *ChannelCapabilities',
        '  Bare:',
        '    Capabilities: *ChannelCapabilities',
      ].join('\n'),
      { merge: true },
    );
    expect(configtxProblems(refused)).toEqual([
      'top-level key Policies is not one configtxgen accepts (Organizations, Capabilities, Application, Orderer, Channel, Profiles)',
      'profile Bare has no channel policy Readers',
      'profile Bare has no channel policy Writers',
      'profile Bare has no channel policy Admins',
    ]);
  });
});

describe('scripts/fabric/artifacts.sh --config-only (no Fabric binary)', () => {
  it('writes a configtx.yaml configtxgen accepts and a crypto-config.yaml, run from another directory by absolute path', () => {
    const { cwd, stateDir, state } = place('absolute');
    // An empty PATH apart from bash's own tools: no Fabric binary could be called even by mistake.
    const run = bash([artifacts, '--config-only'], cwd, { SWAYBOT_STATE_DIR: stateDir, PATH: '/usr/bin:/bin' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('no Fabric binary called');
    expectValidConfig(state);
    expect(existsSync(path.join(state, 'swaybot.block'))).toBe(false);
    expect(existsSync(path.join(state, 'crypto'))).toBe(false);
  });

  it('works with a relative script path and a relative state folder from another directory', () => {
    const { cwd, state } = place('relative');
    const run = bash([path.relative(cwd, artifacts), '--config-only'], cwd, { SWAYBOT_STATE_DIR: '../state' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expectValidConfig(state);
  });

  it('fails when the script path does not resolve, and refuses an unknown argument with 64', () => {
    const { cwd, stateDir } = place('missing');
    const missing = bash([path.join(cwd, 'scripts/fabric/artifacts.sh'), '--config-only'], cwd, { SWAYBOT_STATE_DIR: stateDir });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/No such file or directory/);
    const unknown = bash([artifacts, '--config-onyl'], cwd, { SWAYBOT_STATE_DIR: stateDir });
    expect(unknown.status).toBe(64);
    expect(unknown.stderr).toContain('unknown argument --config-onyl');
  });
});

describe('scripts/fabric: siblings are found from an absolute folder resolved before any cd', () => {
  it('uses BASH_SOURCE only to resolve its own folder absolutely, before its first cd', () => {
    const files = readdirSync(scripts).filter((f) => f.endsWith('.sh'));
    expect(files).toEqual(expect.arrayContaining(['artifacts.sh', 'deploy.sh', 'down.sh', 'lib.sh', 'nodes.sh', 'up.sh']));
    for (const file of files) {
      const lines = readFileSync(path.join(scripts, file), 'utf8').split('\n').filter((l) => !/^\s*#/.test(l));
      const firstCd = lines.findIndex((l) => /(^|[;&|(]\s*)cd\s/.test(l) && !l.includes('BASH_SOURCE') && !/^\s*[A-Z_]+="\$\(/.test(l));
      lines.forEach((line, i) => {
        if (!line.includes('BASH_SOURCE') && !line.includes('$0')) return;
        const where = `${file}: ${line.trim()}`;
        // The one allowed shape: FOLDER="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)".
        expect(line.trim(), where).toMatch(/^[A-Z_]+="\$\(cd "\$\(dirname "\$\{BASH_SOURCE\[0\]\}"\)" && pwd\)"$/);
        if (firstCd >= 0) expect(i, `${where} comes after a cd`).toBeLessThan(firstCd);
      });
    }
  });
});

describe('scripts/fabric/artifacts.sh: a failing tool step', () => {
  /** A folder with a `name` that prints two lines on stderr and exits 1, first on PATH. */
  function failingTool(name: string): string {
    const bin = path.join(tmp, `fake-${name}`);
    mkdirSync(bin, { recursive: true });
    const tool = path.join(bin, name);
    writeFileSync(tool, `#!/bin/sh\necho "${name}: reading the config" >&2\necho "Error: ${name} refused it (test)" >&2\nexit 1\n`);
    chmodSync(tool, 0o755);
    return `${bin}:${process.env['PATH'] ?? ''}`;
  }

  it('names the configtxgen step, prints its log tail and path, exits 12; the writer was minted by the sibling script on the way', () => {
    const { cwd, stateDir, state } = place('configtxgen');
    // What cryptogen would have made, as far as the writer minting needs it: Org1's CA.
    const org = path.join(state, 'crypto/peerOrganizations/org1.example.com');
    mkdirSync(path.join(org, 'ca'), { recursive: true });
    mkdirSync(path.join(org, 'users/User1@org1.example.com/msp'), { recursive: true });
    writeFileSync(path.join(org, 'users/User1@org1.example.com/msp/config.yaml'), 'NodeOUs:\n  Enable: true\n');
    const key = path.join(org, 'ca/priv_sk');
    expect(spawnSync('openssl', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]).status).toBe(0);
    const cert = ['req', '-new', '-x509', '-key', key, '-subj', '/CN=ca.org1.example.com', '-days', '1', '-out', path.join(org, 'ca/ca.org1.example.com-cert.pem')];
    expect(spawnSync('openssl', cert).status).toBe(0);

    // Relative script path from another directory: the case that once resolved mint-writer.sh inside the state folder (exit 127).
    const run = bash([path.relative(cwd, artifacts)], cwd, { SWAYBOT_STATE_DIR: stateDir, PATH: failingTool('configtxgen') });
    expect(run.stdout).toContain('✓ writer identity minted');
    expect(existsSync(path.join(org, 'users/writer@org1.example.com/msp/signcerts/cert.pem'))).toBe(true);
    const log = path.join(state, 'logs/configtxgen.log');
    expect(run.status).toBe(12);
    expect(run.stderr).toContain('✗ step "configtxgen" failed: `configtxgen` exited with status 1 (exit 12)');
    expect(run.stderr).toContain(`last 20 lines of ${log}:\n    configtxgen: reading the config\n    Error: configtxgen refused it (test)\n`);
    expect(run.stderr).toContain(`log: ${log}`);
    // configtxgen was given the file --config-only writes.
    expect(configtxProblems(readYaml(path.join(state, 'configtx.yaml')))).toEqual([]);
  });

  it('names the cryptogen step and exits 10', () => {
    const { cwd, stateDir, state } = place('cryptogen');
    const run = bash([artifacts], cwd, { SWAYBOT_STATE_DIR: stateDir, PATH: failingTool('cryptogen') });
    const log = path.join(state, 'logs/cryptogen.log');
    expect(run.status).toBe(10);
    expect(run.stderr).toContain('✗ step "cryptogen" failed: `cryptogen` exited with status 1 (exit 10)');
    expect(run.stderr).toContain('    Error: cryptogen refused it (test)');
    expect(run.stderr).toContain(`log: ${log}`);
  });
});
