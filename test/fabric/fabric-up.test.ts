/**
 * What a user sees from `npm run fabric:up` on a machine without Fabric binaries and without a
 * way to build them: exit code 2, the exact `go install` command to run, Go's own reason, and
 * the FABRIC_BIN alternative. Runs everywhere (GOPROXY=off makes the build fail the same way).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(path.join(tmpdir(), 'swaybot-fabric-up-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run fabric:up without Fabric binaries', () => {
  it('exits 2 and prints the exact go install command, Go\'s answer and the FABRIC_BIN alternative', () => {
    const emptyBin = path.join(dir, 'bin');
    mkdirSync(emptyBin);
    // A `peer` already on PATH would be found first; leave such folders out.
    const PATH = (process.env['PATH'] ?? '').split(':').filter((p) => p && !existsSync(path.join(p, 'peer'))).join(':');
    const cache = path.join(dir, 'cache');
    const run = spawnSync('npm', ['run', '--silent', 'fabric:up'], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, PATH, GOPROXY: 'off', FABRIC_BIN: emptyBin, SWAYBOT_CACHE: cache, SWAYBOT_STATE_DIR: path.join(dir, 'state') },
      timeout: 120_000,
    });
    expect(run.status).toBe(2);
    const pseudo = 'v1.4.0-rc1.0.20260617221605-f871cf92a026';
    const tools = ['peer', 'orderer', 'configtxgen', 'cryptogen', 'osnadmin'].map((t) => `github.com/hyperledger/fabric/cmd/${t}@${pseudo}`);
    expect(run.stderr).toContain('✗ Fabric 2.5.16 binaries (peer orderer configtxgen cryptogen osnadmin) are not installed and could not be built.');
    expect(run.stderr).toContain(
      `GOBIN=${path.join(cache, 'fabric/bin')} CGO_ENABLED=0 go install -ldflags "-X github.com/hyperledger/fabric/common/metadata.Version=2.5.16" ${tools.join(' ')}`,
    );
    expect(run.stderr).toMatch(/module lookup disabled by GOPROXY=off|Go is not installed/);
    expect(run.stderr).toContain('FABRIC_BIN=/path/to/bin npm run fabric:up');
    expect(existsSync(path.join(dir, 'state', 'fabric', 'connection.json'))).toBe(false);
  });
});
