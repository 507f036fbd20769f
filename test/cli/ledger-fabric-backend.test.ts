/**
 * `swaybot ledger …` read the backend the configuration names. With `ledger.backend: fabric` and
 * no network up, they fail naming the peer they could not reach: never an embedded "OK" read from
 * an empty local folder. (The network itself is tested in test/fabric where one is up.)
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../devstack/ports.js';
import { cliEnv } from './cli.js';
import { runInProcess } from './in-process.js';

let env: NodeJS.ProcessEnv;
let peer: string;

beforeAll(async () => {
  const state = mkdtempSync(join(tmpdir(), 'swaybot-fabric-cli-'));
  const fabric = join(state, 'fabric');
  mkdirSync(fabric, { recursive: true });
  // A well-formed profile (a real key and certificate, so the gateway client can be built) for a
  // peer port nothing listens on.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=peer0.org1.example.com',
    '-keyout', join(fabric, 'key.pem'), '-out', join(fabric, 'cert.pem')], { stdio: 'ignore' });
  peer = `127.0.0.1:${await freePort()}`;
  writeFileSync(join(fabric, 'connection.json'), JSON.stringify({
    peerEndpoint: peer,
    hostAlias: 'peer0.org1.example.com',
    tlsCaCertPath: 'cert.pem',
    channel: 'swaybot',
    chaincode: 'swaybot-ledger',
    identities: {
      writer: { mspId: 'Org1MSP', certPath: 'cert.pem', keyPath: 'key.pem' },
      reader: { mspId: 'Org1MSP', certPath: 'cert.pem', keyPath: 'key.pem' },
    },
  }));
  const config = join(state, 'swaybot.config.yaml');
  writeFileSync(config, `stateDir: ${state}\nledger:\n  backend: fabric\n`);
  env = cliEnv({ extra: { SWAYBOT_CONFIG: config } });
});

describe('swaybot ledger with ledger.backend: fabric', () => {
  it('verify, events, prove and report fail naming the unreachable peer, not an empty local ledger', async () => {
    for (const args of [['verify'], ['events', '--limit', '10'], ['prove', 'some/event/id'], ['report', '--service', 'checkout']]) {
      const result = await runInProcess(['ledger', ...args], env);
      expect(result.code, `ledger ${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(1);
      expect(result.stderr).toContain(`Cannot read the Fabric channel swaybot, chaincode swaybot-ledger, peer ${peer} (identity reader)`);
      expect(result.stdout).not.toContain('OK');
    }
  });

  it('refuses signed-head checks, which are the embedded ledger\'s', async () => {
    const result = await runInProcess(['ledger', 'verify', '--receipts'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--receipts checks the embedded ledger\'s signed heads; this configuration uses ledger.backend: fabric');
  });

  it('reads an embedded folder named with --dir whatever the backend', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'swaybot-fabric-cli-')), 'missing');
    const result = await runInProcess(['ledger', 'verify', '--dir', dir], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`No ledger at ${dir}`);
  });
});
