import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';

/** Where fabric:up writes the connection profile (SWAYBOT_STATE_DIR, else .state). */
export const root = path.resolve(import.meta.dirname, '../..');
export const profileFile = path.join(process.env['SWAYBOT_STATE_DIR'] ?? path.join(root, '.state'), 'fabric', 'connection.json');

/** True when something accepts TCP connections on 127.0.0.1:`port` (7051: the peer). */
export const portOpen = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(1000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

/**
 * Why the Fabric network tests cannot run here, or undefined when they can: the dev network
 * is up (profile written, peer listening) or Fabric's binaries exist so fabric:up can start it.
 */
export async function fabricUnavailableReason(): Promise<string | undefined> {
  if (existsSync(profileFile) && (await portOpen(7051))) return undefined;
  const found = spawnSync('bash', ['-c', 'source scripts/fabric/lib.sh && find_fabric_bin'], { cwd: root, encoding: 'utf8' });
  if (found.stdout.trim()) return undefined;
  return (
    'no Fabric dev network is up and no Fabric binaries were found (FABRIC_BIN, PATH, the swaybot cache); ' +
    'they cannot be built on this machine (the Go module proxy answers 403 for github.com/hyperledger/fabric). ' +
    'Run `npm run fabric:up` where Fabric binaries exist to run these tests (docs/fabric.md).'
  );
}
