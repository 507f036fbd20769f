/**
 * Where drill passwords come from: a running drill records them for its inventory in
 * `<stateDir>/drill.json`, and only CLI commands querying that same inventory, while
 * the drill runs, get them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DRILL_CREDENTIALS_ENV } from '../../devstack/drill/credentials.js';
import { drillCredentialsFor, drillFilePath, removeDrillFile, writeDrillFile } from '../../devstack/drill/drill-file.js';
import { startDrill } from '../../devstack/drill/index.js';
import { freeUdpPort } from '../../devstack/sim/free-port.js';

const fresh = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('drill file', () => {
  it('gives the drill passwords for the drill inventory only, and only while its process lives', () => {
    const stateDir = fresh('swaybot-drillfile-');
    const inventory = join(fresh('swaybot-drillinv-'), 'drill.yaml');
    const credentials = { SWAYBOT_DRILL_IPMI_PASSWORD: 'drill-ipmi-only' };
    expect(drillCredentialsFor(stateDir, inventory)).toBeUndefined();

    writeDrillFile(stateDir, { pid: process.pid, inventory, credentials });
    expect(drillCredentialsFor(stateDir, inventory)).toEqual(credentials);
    // The same file named relatively is the same inventory; any other file is not.
    expect(drillCredentialsFor(stateDir, relative(process.cwd(), inventory))).toEqual(credentials);
    expect(drillCredentialsFor(stateDir, join(fresh('swaybot-real-'), 'fleet.yaml'))).toBeUndefined();

    // A drill killed without cleaning up leaves a file whose process is gone: ignored.
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    writeDrillFile(stateDir, { pid: gone, inventory, credentials });
    expect(drillCredentialsFor(stateDir, inventory)).toBeUndefined();
  });

  it('is removed only by the process that wrote it', () => {
    const stateDir = fresh('swaybot-drillfile-');
    writeDrillFile(stateDir, { pid: process.pid, inventory: '/x/drill.yaml', credentials: {} });
    removeDrillFile(stateDir, process.pid + 1);
    expect(existsSync(drillFilePath(stateDir))).toBe(true);
    removeDrillFile(stateDir, process.pid);
    expect(existsSync(drillFilePath(stateDir))).toBe(false);
  });

  it('is written by startDrill with the passwords the simulators accept, and removed by its stop', async () => {
    const stateDir = fresh('swaybot-drillfile-');
    const inventory = join(fresh('swaybot-drillinv-'), 'drill.yaml');
    writeFileSync(
      inventory,
      `hosts:\n  d-1:\n    bmc: { address: 127.0.0.1, port: ${await freeUdpPort()}, protocol: ipmi, credentials: { username: admin, password: { env: SWAYBOT_DRILL_IPMI_PASSWORD } } }\n` +
        '    rack: r1\n    position: 1\n    vendor: Dell\n    model: PowerEdge R650\n',
    );
    // A password the user set wins over the drill-only default; an unset one gets the default.
    const drill = await startDrill(inventory, { stateDir, env: { SWAYBOT_DRILL_IPMI_PASSWORD: 'my-own-drill-pw' } });
    try {
      expect(drillCredentialsFor(stateDir, inventory)).toEqual({ SWAYBOT_DRILL_IPMI_PASSWORD: 'my-own-drill-pw' });
      expect(drill.env).toEqual({ SWAYBOT_DRILL_IPMI_PASSWORD: 'my-own-drill-pw', SWAYBOT_HARDWARE_INVENTORY: inventory });
    } finally {
      await drill.stop();
    }
    expect(existsSync(drillFilePath(stateDir))).toBe(false);

    const defaults = await startDrill(inventory, { stateDir, env: {} });
    try {
      expect(drillCredentialsFor(stateDir, inventory)).toEqual({ SWAYBOT_DRILL_IPMI_PASSWORD: DRILL_CREDENTIALS_ENV['SWAYBOT_DRILL_IPMI_PASSWORD'] });
    } finally {
      await defaults.stop();
    }
  });
});
