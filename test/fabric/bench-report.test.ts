/**
 * What bench:ledger-fabric and the worker say about the Fabric ledger, checked without Fabric:
 * the orderer batch settings the bench prints are the ones artifacts.sh writes into the channel's
 * configtx.yaml (issue 9, point 8), the ratio line, the bench's exit 2 without a network, and the
 * worker's "ledger …" line naming channel, chaincode and peer (point 5).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeOrdererSettings, describeRatio, ordererBatchSettings } from '../../bench/ledger-fabric-settings.js';
import { describeFabricLedger } from '../../ledger/fabric/profile.js';
import { root } from './support.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'swaybot-fabric-bench-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('bench:ledger-fabric report', () => {
  it('reads back the orderer batch settings artifacts.sh writes, and says when they may not be the channel\'s', () => {
    const stateDir = path.join(tmp, 'state');
    const state = path.join(stateDir, 'fabric');
    const run = spawnSync('bash', [path.join(root, 'scripts/fabric/artifacts.sh'), '--config-only'], { cwd: tmp, encoding: 'utf8', env: { ...process.env, SWAYBOT_STATE_DIR: stateDir } });
    expect(run.status).toBe(0);
    const configtx = path.join(state, 'configtx.yaml');
    expect(ordererBatchSettings(state)).toEqual({
      batchTimeout: '200ms', maxMessageCount: 500, absoluteMaxBytes: '10 MB', preferredMaxBytes: '2 MB',
      source: `${configtx}, profile SwaybotChannel; no channel block next to it`,
    });
    const block = path.join(state, 'swaybot.block');
    writeFileSync(block, 'a genesis block');
    utimesSync(configtx, new Date(2026, 0, 1), new Date(2026, 0, 1));
    expect(describeOrdererSettings(ordererBatchSettings(state))).toBe(
      `orderer BatchTimeout 200ms, BatchSize MaxMessageCount 500, AbsoluteMaxBytes 10 MB, PreferredMaxBytes 2 MB (${configtx}, profile SwaybotChannel)`,
    );
    utimesSync(block, new Date(2025, 0, 1), new Date(2025, 0, 1));
    expect(ordererBatchSettings(state)?.source).toContain('changed after the channel was created from it');
    expect(describeOrdererSettings(ordererBatchSettings(path.join(tmp, 'nowhere')))).toBe('orderer batch settings unknown (no configtx.yaml in the state folder)');
  });

  it('prints the batched/per-event ratio of events/s', () => {
    // The figures the issue measured on a real network: 4.3 events/s per event, 2,000 events batched in 4.9 s.
    expect(describeRatio({ events: 100, transactions: 100, seconds: 100 / 4.3 }, { events: 2000, transactions: 8, seconds: 2000 / 408 })).toBe(
      'batched/per-event: 94.9× (408.0 ÷ 4.3 events/s)',
    );
  });

  it('exits 2 and says why when no network was ever started', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/ledger-fabric.ts'], {
      cwd: root, encoding: 'utf8', env: { ...process.env, SWAYBOT_STATE_DIR: path.join(tmp, 'no-network') }, timeout: 60_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`bench:ledger (Fabric) cannot run: no connection profile at ${path.join(tmp, 'no-network', 'fabric', 'connection.json')}`);
  });
});

describe('the worker\'s ledger line with ledger.backend: fabric', () => {
  it('names the channel, chaincode and peer from the profile, not an embedded folder', async () => {
    const dir = path.join(tmp, 'worker-state', 'fabric');
    mkdirSync(dir, { recursive: true });
    const id = { mspId: 'Org1MSP', certPath: 'c.pem', keyPath: 'k.pem' };
    writeFileSync(path.join(dir, 'connection.json'), JSON.stringify({
      peerEndpoint: '127.0.0.1:7051', hostAlias: 'peer0.org1.example.com', tlsCaCertPath: 'ca.crt', channel: 'swaybot', chaincode: 'swaybot-ledger', identities: { writer: id },
    }));
    expect(await describeFabricLedger({ profile: 'fabric/connection.json', identity: 'writer' }, path.join(tmp, 'worker-state'))).toBe(
      'Fabric channel swaybot, chaincode swaybot-ledger, peer 127.0.0.1:7051 (identity writer)',
    );
  });
});
