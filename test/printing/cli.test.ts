/**
 * `swaybot replica model`, in process: the drill inventory's drill-web-01 becomes a binary STL
 * (the triangles and size of the model built here from the same inventory) and a preview PNG;
 * a scale out of (0, 1] is refused as a usage error; an unknown host names the known ones; a
 * host without chassis data names the field and its file:line.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../hardware/inventory.js';
import { buildReplica, replicaSize } from '../../printing/model/replica.js';
import { replicaSpec } from '../../printing/model/spec.js';
import { meshBounds, readStl } from '../../printing/model/stl.js';
import { cliEnv, ROOT } from '../cli/cli.js';
import { runInProcess } from '../cli/in-process.js';

/** The checked-in drill inventory, absolute: the config's default (`devstack/drill/inventory.yaml`) is relative to the working directory. */
const DRILL_INVENTORY = join(ROOT, 'devstack', 'drill', 'inventory.yaml');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('swaybot replica model', () => {
  it('writes drill-web-01 as a binary STL of the model and a preview PNG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replica-cli-'));
    const stl = join(dir, 'web.stl');
    const png = join(dir, 'web.png');
    const result = await runInProcess(['replica', 'model', 'drill-web-01', '-o', stl, '--png', png, '--inventory', DRILL_INVENTORY], cliEnv());
    expect(result.code, result.stderr).toBe(0);

    // The same model, built here from the same inventory at the default scale (1:10).
    const expected = buildReplica(replicaSpec(loadInventory(DRILL_INVENTORY), 'drill-web-01', { scale: 0.1 }));
    const file = readStl(readFileSync(stl));
    expect(file.mesh.positions.length / 9).toBe(expected.mesh.positions.length / 9);
    expect(file.header).toContain('drill-web-01');
    const bounds = meshBounds(file.mesh);
    const size = replicaSize(expected.spec);
    for (const axis of [0, 1, 2]) expect(Math.abs(bounds.max[axis]! - bounds.min[axis]! - size[axis]!)).toBeLessThanOrEqual(0.1);

    expect(existsSync(png)).toBe(true);
    expect(readFileSync(png).subarray(0, 8)).toEqual(PNG);
    expect(result.stdout).toContain(stl);
    expect(result.stdout).toContain(`${expected.mesh.positions.length / 9} triangles`);
    expect(result.stdout).toContain('Dell PowerEdge R650, 1U, 10 drive bays, 2 PSUs at 1:10');
    expect(result.stdout).toContain(png);
  }, 60_000);

  it('refuses --scale 2 as a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replica-cli-'));
    const result = await runInProcess(['replica', 'model', 'drill-web-01', '-o', join(dir, 'x.stl'), '--png', join(dir, 'x.png'), '--scale', '2', '--inventory', DRILL_INVENTORY], cliEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unexpected --scale `2`');
    expect(existsSync(join(dir, 'x.stl'))).toBe(false);
  });

  it('an unknown host names the known ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replica-cli-'));
    const result = await runInProcess(['replica', 'model', 'drill-nope-99', '-o', join(dir, 'x.stl'), '--inventory', DRILL_INVENTORY], cliEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown host "drill-nope-99"');
    for (const host of ['drill-db-01', 'drill-db-02', 'drill-web-01', 'drill-web-02', 'drill-web-03']) expect(result.stderr).toContain(host);
  });

  it('a host without chassis data names the field and its file:line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replica-cli-'));
    const inventory = join(dir, 'inventory.yaml');
    writeFileSync(
      inventory,
      [
        'hosts:',
        '  bare-01:',
        '    bmc: { address: 127.0.0.1, port: 16299, protocol: ipmi, credentials: { username: admin, password: { env: UNUSED_PASSWORD } } }',
        '    rack: r1',
        '    position: 1',
        '    vendor: Dell',
        '    model: PowerEdge R650',
        '',
      ].join('\n'),
    );
    const result = await runInProcess(['replica', 'model', 'bare-01', '-o', join(dir, 'x.stl'), '--png', join(dir, 'x.png'), '--inventory', inventory], cliEnv());
    expect(result.code).toBe(1);
    // A missing field is reported where its parent (the host's mapping) starts: line 3.
    expect(result.stderr).toMatch(new RegExp(`${inventory.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:\\d+: hosts\\.bare-01\\.chassis: missing`));
    expect(existsSync(join(dir, 'x.stl'))).toBe(false);
  });
});
