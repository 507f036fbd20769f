/**
 * The replica model: inventory → spec → one closed solid of the right size at the requested
 * scale, with its label where it fits; bad inventory named by field and file:line; racks packed
 * onto build plates.
 */
import { describe, expect, it } from 'vitest';
import { InventoryError, parseInventory, type Host, type Inventory } from '../../hardware/inventory.js';
import { checkMesh } from '../../printing/mesh/check.js';
import { PlateFitError, packPlates, type Footprint } from '../../printing/model/pack.js';
import { buildRackReplicas } from '../../printing/model/rack.js';
import { LABEL, buildReplica, frontProudMm, replicaSize } from '../../printing/model/replica.js';
import { ReplicaInputError, replicaSpec } from '../../printing/model/spec.js';
import type { BedSize, Mesh, Plate } from '../../printing/types.js';

const FILE = 'lab/inventory.yaml';

function host(name: string, lines: string[], rack = 'r1', position = 1): string {
  return [
    `  ${name}:`,
    `    bmc: { address: 10.0.0.1, protocol: ipmi, credentials: { username: admin, password: { env: BMC_PW } } }`,
    `    rack: ${rack}`,
    `    position: ${position}`,
    `    vendor: Dell`,
    `    model: PowerEdge R750`,
    ...lines.map((l) => `    ${l}`),
  ].join('\n');
}

function inventory(...hosts: string[]): Inventory {
  return parseInventory(`hosts:\n${hosts.join('\n')}\n`, FILE);
}

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`${needle} not in text`);
  return i + 1;
}

function ys(mesh: Mesh): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < mesh.positions.length; i += 3) out.add(mesh.positions[i]!.toFixed(3));
  return out;
}

function size(b: { min: number[]; max: number[] }): number[] {
  return [0, 1, 2].map((k) => b.max[k]! - b.min[k]!);
}

describe('replica spec from the inventory', () => {
  it('takes units, depth, bays, PSUs and the asset tag; FRU data overrides vendor and model and adds the serial', () => {
    const inv = inventory(
      host('web-01', ['chassis: { units: 2, depth: 720, driveBays: 8, psus: 2 }']),
      host('db-01', ['chassis: { units: 1, depth: 650, assetTag: ASSET-0042 }'], 'r1', 3),
    );
    expect(replicaSpec(inv, 'web-01')).toEqual({
      host: 'web-01', vendor: 'Dell', model: 'PowerEdge R750', units: 2, depthMm: 720, driveBays: 8, psus: 2, label: 'web-01', scale: 0.1,
    });
    const db = replicaSpec(inv, 'db-01', { scale: 0.05, fru: { manufacturer: 'Dell Inc.', model: 'PowerEdge R650', serialNumber: 'CN7X9' } });
    expect(db).toMatchObject({ vendor: 'Dell Inc.', model: 'PowerEdge R650', serial: 'CN7X9', label: 'ASSET-0042', driveBays: 0, psus: 2, scale: 0.05 });
    expect(replicaSpec(inv, 'db-01', { fru: { manufacturer: ' ', serialNumber: '' } })).not.toHaveProperty('serial');
    expect(replicaSpec(inv, 'db-01', { fru: { manufacturer: ' ' } }).vendor).toBe('Dell');
  });

  it('rejects a scale outside (0, 1] and an unknown host', () => {
    const inv = inventory(host('web-01', ['chassis: { units: 2, depth: 720 }']));
    for (const scale of [0, -0.1, 1.5, Number.NaN]) {
      expect(() => replicaSpec(inv, 'web-01', { scale })).toThrow(/scale .*must be in \(0, 1\]/);
    }
    expect(() => replicaSpec(inv, 'web-01', { scale: 1 })).not.toThrow();
    expect(() => replicaSpec(inv, 'nope')).toThrow(/unknown host "nope".*known hosts: web-01/);
  });
});

describe('bad inventory names the field and file:line', () => {
  it('a host without chassis: ReplicaInputError at the host', () => {
    const text = `hosts:\n${host('web-01', [])}\n`;
    const inv = parseInventory(text, FILE);
    const err = catchError(() => replicaSpec(inv, 'web-01'));
    expect(err).toBeInstanceOf(ReplicaInputError);
    expect((err as ReplicaInputError).retryable).toBe(false);
    // A missing field is located at its deepest parent present: the host's mapping, which starts at its first key.
    expect(err.message).toBe(`${FILE}:${lineOf(text, 'web-01:') + 1}:5: hosts.web-01.chassis: missing; the replica needs the chassis (units, depth)`);
  });

  it('chassis without units: the schema names the field and line; an inventory built in code gets a ReplicaInputError', () => {
    const text = `hosts:\n${host('web-01', ['chassis:', '  depth: 720'])}\n`;
    const err = catchError(() => parseInventory(text, FILE));
    expect(err).toBeInstanceOf(InventoryError);
    expect(err.message).toMatch(new RegExp(`${FILE}:${lineOf(text, 'depth: 720')}:\\d+: hosts\\.web-01\\.chassis\\.units: `));

    // The schema requires units; a hand-built inventory (or a later optional field) still gets a clear error.
    const inv = inventory(host('web-01', ['chassis: { units: 2, depth: 720 }']));
    const h = inv.hosts.get('web-01')!;
    const broken: Host = { ...h, chassis: { ...h.chassis!, units: undefined as unknown as number } };
    const handBuilt: Inventory = { ...inv, hosts: new Map([['web-01', broken]]) };
    const err2 = catchError(() => replicaSpec(handBuilt, 'web-01'));
    expect(err2).toBeInstanceOf(ReplicaInputError);
    expect(err2.message).toMatch(new RegExp(`^${FILE}:\\d+:\\d+: hosts\\.web-01\\.chassis\\.units: missing; the replica needs the height in rack units`));
  });

  it('negative depth, 0U and a 500U rack fail at load with the field and its line', () => {
    const neg = `hosts:\n${host('web-01', ['chassis:', '  units: 2', '  depth: -5'])}\n`;
    expect(catchError(() => parseInventory(neg, FILE)).message).toContain(
      `${FILE}:${lineOf(neg, 'depth: -5')}:14: hosts.web-01.chassis.depth: must be a positive depth in mm`,
    );
    const zero = `hosts:\n${host('web-01', ['chassis:', '  units: 0', '  depth: 700'])}\n`;
    expect(catchError(() => parseInventory(zero, FILE)).message).toContain(`${FILE}:${lineOf(zero, 'units: 0')}:14: hosts.web-01.chassis.units: must be at least 1U`);
    const rack = `hosts:\n${host('web-01', ['chassis: { units: 1, depth: 700 }'], 'r')}\nracks:\n  r:\n    units: 500\n`;
    const err = catchError(() => parseInventory(rack, FILE));
    expect(err).toBeInstanceOf(InventoryError);
    expect(err.message).toContain(`${FILE}:${lineOf(rack, 'units: 500')}:12: racks.r.units: must be at most 60U`);
  });
});

describe('the replica solid', () => {
  const inv = inventory(
    host('web-01', ['chassis: { units: 2, depth: 720, driveBays: 8, psus: 2 }']),
    host('edge-01', ['chassis: { units: 1, depth: 600, driveBays: 4, psus: 1 }'], 'r1', 3),
    host('store-01', ['chassis: { units: 4, depth: 800, driveBays: 24, psus: 4, assetTag: ASSET-0042 }'], 'r1', 4),
  );

  it('2U, 8 bays at 1:10: 48.26 × 73.0 × 8.79 mm (ears × depth/10 + 1 mm handles × 2 × 44.45 − 1 mm), one closed solid', () => {
    const model = buildReplica(replicaSpec(inv, 'web-01'));
    expect(replicaSize(model.spec)).toEqual([48.26, 73, 8.79].map((x) => expect.closeTo(x, 9)));
    const got = size(model.bounds);
    expect(got[0]).toBeCloseTo(48.26, 3);
    expect(got[1]).toBeCloseTo(73.0, 3);
    expect(got[2]).toBeCloseTo(8.79, 3);
    expect(model.bounds.min).toEqual([0, 0, 0]);
    const check = checkMesh(model.mesh, { size: [48.26, 73.0, 8.79], tolerance: 0.1 });
    expect(check.problems).toEqual([]);
    expect(check).toMatchObject({ watertight: true, manifold: true, consistentNormals: true, degenerate: 0, shells: 1 });
    expect(model.parts).toEqual(expect.arrayContaining(['body', 'bezel', 'rack-ears×2', 'handles×2', 'drive-bays×8', 'psus×2', 'label']));
    expect(model.parts.some((p) => /^vents×\d+$/.test(p))).toBe(true);
    // The body alone is 43.4 × 72 × 8.79 mm; the bays are cut out of it: without them the solid is larger.
    expect(check.volume).toBeGreaterThan(43.4 * 72 * 8.79 * 0.97);
    expect(check.volume).toBeLessThan(48.26 * 73 * 8.79);
    const noBays = checkMesh(buildReplica({ ...model.spec, driveBays: 0 }).mesh);
    expect(noBays.problems).toEqual([]);
    expect(noBays.volume - check.volume).toBeGreaterThan(8 * 1.0 * 6.0 * 0.6 * 0.5);
  });

  it('1U and 4U, and other scales: height units × 44.45 − 1 mm, width 482.6 mm and depth + 10 mm, times the scale', () => {
    for (const [name, scale, expected] of [
      ['edge-01', 0.1, [48.26, 61.0, 4.345]],
      ['store-01', 0.1, [48.26, 81.0, 17.68]],
      ['edge-01', 0.2, [96.52, 122.0, 8.69]],
    ] as const) {
      const model = buildReplica(replicaSpec(inv, name, { scale }));
      const check = checkMesh(model.mesh, { size: [...expected], tolerance: 0.1 });
      expect(check.problems, `${name} at ${scale}`).toEqual([]);
      size(model.bounds).forEach((got, k) => expect(got, `${name} axis ${k}`).toBeCloseTo(expected[k]!, 3));
    }
  });

  it('embosses the label 0.4 mm in front of the bezel with letters of at least 2.5 mm, or says why not', () => {
    const bezelFace = (10 - 3) * 0.1; // handles stand 10 mm (full size) in front of the body, the bezel 3 mm
    const tagged = buildReplica(replicaSpec(inv, 'store-01'));
    expect(tagged.label).toMatchObject({ text: 'ASSET-0042', embossed: true });
    if (!tagged.label.embossed) throw new Error('unreachable');
    expect(tagged.label.letterHeightMm).toBeGreaterThanOrEqual(LABEL.minLetter);
    expect(tagged.label.letterHeightMm).toBeLessThanOrEqual(LABEL.maxLetter);
    const front = ys(tagged.mesh);
    expect(front.has((bezelFace - LABEL.emboss).toFixed(3))).toBe(true);
    expect(front.has(bezelFace.toFixed(3))).toBe(true);

    // 1U at 1:20 is 2.17 mm tall: no room for 2.5 mm letters.
    const small = buildReplica(replicaSpec(inv, 'edge-01', { scale: 0.05 }));
    expect(small.label).toEqual({ text: 'edge-01', embossed: false, reason: expect.stringMatching(/not embossed: at 2.5 mm letters .*the bezel is 2.17 mm tall/) });
    expect(small.parts).not.toContain('label');
    const smallFace = (frontProudMm(0.05) - 3) * 0.05;
    expect(ys(small.mesh).has(smallFace.toFixed(3))).toBe(true);
    expect(ys(small.mesh).has((smallFace - LABEL.emboss).toFixed(3))).toBe(false);
    expect(checkMesh(small.mesh).problems).toEqual([]);

    // Too long for the bezel beside 24 bays.
    const long = buildReplica({ ...replicaSpec(inv, 'store-01'), label: 'a-very-long-asset-tag-0000000042' });
    expect(long.label).toMatchObject({ embossed: false, reason: expect.stringMatching(/needs \d+(\.\d+)? mm, the bezel has \d+(\.\d+)? mm/) });
    expect(checkMesh(long.mesh).problems).toEqual([]);
  });
});

describe('build plates', () => {
  const bed = { x: 250, y: 210, z: 210 };

  it('a 42U rack of 1U–4U hosts on a 250 × 210 bed: several plates, every part inside, none overlapping', () => {
    const hosts: string[] = [];
    let position = 1;
    for (let i = 0; position <= 42; i++) {
      const units = [1, 2, 4, 1, 2, 3][i % 6]!;
      if (position + units - 1 > 42) break;
      hosts.push(host(`h${String(i).padStart(2, '0')}`, [`chassis: { units: ${units}, depth: ${600 + 40 * (i % 5)}, driveBays: ${[4, 8, 12][i % 3]}, psus: 2, assetTag: T${i} }`], 'r42', position));
      position += units;
    }
    hosts.push(host('no-chassis', [], 'r42', 43));
    const inv = parseInventory(`hosts:\n${hosts.join('\n')}\nracks:\n  r42:\n    units: 42\n`, FILE);
    const rack = buildRackReplicas(inv, 'r42', { bed });
    expect(rack.replicas).toHaveLength(hosts.length - 1);
    expect(rack.skipped).toEqual([{ host: 'no-chassis', reason: expect.stringMatching(new RegExp(`^${FILE}:\\d+:5: hosts\\.no-chassis\\.chassis: missing`)) }]);
    for (const r of rack.replicas) expect(checkMesh(r.mesh, { size: replicaSize(r.spec), tolerance: 0.1 }).problems, r.spec.host).toEqual([]);
    expect(rack.plates.length).toBeGreaterThan(1);
    expectValidPlates(rack.plates, bed, rack.replicas.map((r) => r.spec.host));
  });

  it('packs deepest first on shelves, and names a part that fits no bed', () => {
    const parts: Footprint[] = [
      { host: 'a', width: 100, depth: 50, height: 5 },
      { host: 'b', width: 100, depth: 80, height: 5 },
      { host: 'c', width: 100, depth: 50, height: 5 },
    ];
    const plates = packPlates(parts, { x: 220, y: 140, z: 50 }, 5);
    expect(plates).toEqual([
      {
        index: 0,
        placements: [
          { host: 'b', x: 5, y: 5, width: 100, depth: 80 },
          { host: 'a', x: 110, y: 5, width: 100, depth: 50 },
        ],
      },
      { index: 1, placements: [{ host: 'c', x: 5, y: 5, width: 100, depth: 50 }] },
    ]);
    expectValidPlates(plates, { x: 220, y: 140, z: 50 }, ['a', 'b', 'c']);
    // 10 mm more bed and the third part fits below the first shelf.
    expect(packPlates(parts, { x: 220, y: 150, z: 50 }, 5)).toHaveLength(1);
    expect(() => packPlates([...parts, { host: 'tall', width: 10, depth: 10, height: 51 }], { x: 220, y: 140, z: 50 })).toThrow(
      expect.objectContaining({ name: 'PlateFitError', message: expect.stringMatching(/^replica of tall does not fit .*51 mm tall > bed Z 50 mm/) }),
    );
    expect(() => packPlates([{ host: 'wide', width: 300, depth: 10, height: 5 }], bed)).toThrow(PlateFitError);
    expect(() => packPlates([{ host: 'deep', width: 10, depth: 205, height: 5 }], bed)).toThrow(/replica of deep .*205 mm deep/);
  });
});

function expectValidPlates(plates: Plate[], bed: BedSize, hosts: string[]): void {
  const placed = plates.flatMap((p) => p.placements.map((q) => q.host)).sort();
  expect(placed).toEqual([...hosts].sort());
  plates.forEach((plate, i) => {
    expect(plate.index).toBe(i);
    expect(plate.placements.length).toBeGreaterThan(0);
    for (const p of plate.placements) {
      expect(p.x, p.host).toBeGreaterThanOrEqual(0);
      expect(p.y, p.host).toBeGreaterThanOrEqual(0);
      expect(p.x + p.width, p.host).toBeLessThanOrEqual(bed.x);
      expect(p.y + p.depth, p.host).toBeLessThanOrEqual(bed.y);
    }
    for (const [i1, a] of plate.placements.entries()) {
      for (const b of plate.placements.slice(i1 + 1)) {
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.depth <= b.y || b.y + b.depth <= a.y;
        expect(apart, `${a.host} and ${b.host} overlap on plate ${plate.index}`).toBe(true);
      }
    }
  });
}

function catchError(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}
