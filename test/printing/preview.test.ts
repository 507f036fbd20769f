/**
 * The replica preview: a shaded PNG of a mesh from the front three-quarter view. Meshes are built
 * here from boxes (no model code): the PNG must be well formed and of the asked size, the three
 * faces a box shows must get three distinct shades, back faces must be culled and the front drawn,
 * a recessed front panel must read as darker, and a mesh of 100,000 triangles must render.
 */
import { inflateSync } from 'node:zlib';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { renderPreview, svgPreview } from '../../printing/preview/render.js';
import { buildScene } from '../../printing/preview/scene.js';
import type { Mesh } from '../../printing/types.js';

type Box = [x0: number, y0: number, z0: number, x1: number, y1: number, z1: number];
type Face = 'bottom' | 'top' | 'front' | 'back' | 'left' | 'right';
/** The order box() emits faces in, two triangles each. */
const FACES: Face[] = ['bottom', 'top', 'front', 'back', 'left', 'right'];

/** A box as 12 triangles, counter-clockwise seen from outside; `only` keeps some faces. */
function box([x0, y0, z0, x1, y1, z1]: Box, only: Face[] = FACES): number[] {
  const v = (i: number): number[] => [i & 1 ? x1 : x0, i & 2 ? y1 : y0, i & 4 ? z1 : z0];
  // Corner index bits: 1 = x1, 2 = y1, 4 = z1. Quads in FACES order.
  const quads = [[0, 2, 3, 1], [4, 5, 7, 6], [0, 1, 5, 4], [2, 6, 7, 3], [0, 4, 6, 2], [1, 3, 7, 5]];
  const out: number[] = [];
  quads.forEach(([a, b, c, d], f) => {
    if (!only.includes(FACES[f]!)) return;
    for (const i of [a, b, c, a, c, d]) out.push(...v(i!));
  });
  return out;
}

const mesh = (...parts: number[][]): Mesh => ({ positions: new Float32Array(parts.flat()) });

/** A 2U-ish chassis at 1:10: a body, and a bezel frame around a recessed panel (the body's front shows through). */
function recessedServer(): Mesh {
  return mesh(
    box([0, 1.5, 0, 44, 70, 9]),
    box([0, 0, 0, 44, 1.5, 1.5]), // bezel, below the opening
    box([0, 0, 7.5, 44, 1.5, 9]), // above
    box([0, 0, 1.5, 4, 1.5, 7.5]), // left of it
    box([40, 0, 1.5, 44, 1.5, 7.5]), // right of it
  );
}

interface Png {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel. */
  rgba: Uint8Array;
}

/** Enough of a PNG decoder to read resvg's output: 8-bit RGB or RGBA, not interlaced. */
function decodePng(png: Buffer): Png {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect(data[8]).toBe(8);
      expect([2, 6]).toContain(data[9]);
      expect(data[12]).toBe(0);
      channels = data[9] === 6 ? 4 : 3;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  expect(raw.length).toBe(height * (stride + 1));
  const out = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let x = 0; x < stride; x++) {
      const cur = raw[y * (stride + 1) + 1 + x]!;
      const a = x >= channels ? out[y * stride + x - channels]! : 0;
      const b = y > 0 ? out[(y - 1) * stride + x]! : 0;
      const c = x >= channels && y > 0 ? out[(y - 1) * stride + x - channels]! : 0;
      let pred = 0;
      if (filter === 1) pred = a;
      else if (filter === 2) pred = b;
      else if (filter === 3) pred = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        pred = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      out[y * stride + x] = (cur + pred) & 0xff;
    }
  }
  if (channels === 4) return { width, height, rgba: out };
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    rgba.set(out.subarray(i * 3, i * 3 + 3), i * 4);
    rgba[i * 4 + 3] = 255;
  }
  return { width, height, rgba };
}

function colourCounts(rgba: Uint8Array): Map<number, number> {
  const counts = new Map<number, number>();
  for (let i = 0; i < rgba.length; i += 4) {
    const key = (rgba[i]! << 16) | (rgba[i + 1]! << 8) | rgba[i + 2]!;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

const luminance = (hex: string): number => {
  const v = parseInt(hex.slice(1), 16);
  return 0.2126 * (v >> 16) + 0.7152 * ((v >> 8) & 0xff) + 0.0722 * (v & 0xff);
};

/** Which faces of a single box the scene draws (pieces carry their source triangle). */
function facesDrawn(m: Mesh, options: { azimuthDeg?: number; elevationDeg?: number } = {}): Set<Face> {
  const scene = buildScene(m, { width: 400, height: 300, ...options });
  return new Set([...scene.source.subarray(0, scene.count)].map((t) => FACES[Math.floor(t / 2)]!));
}

describe('renderPreview', () => {
  it('writes a PNG of the asked size, 800 × 600 by default, that is not one flat colour', () => {
    const server = recessedServer();
    const png = renderPreview(server, { title: 'drill-web-01' });
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([800, 600]);
    // Background gradient, shadow, several shades of the part, text.
    expect(colourCounts(image.rgba).size).toBeGreaterThan(20);

    const small = decodePng(renderPreview(server, { width: 320, height: 240 }));
    expect([small.width, small.height]).toEqual([320, 240]);
  });

  it('gives the three faces a box shows three clearly different shades: top brightest, then the front, then the side', () => {
    const cube = mesh(box([0, 0, 0, 40, 40, 40]));
    const { pixels, width, height } = new Resvg(svgPreview(cube, { width: 400, height: 300 })).render();
    expect([width, height]).toEqual([400, 300]);
    // The part's pixels are the bluish ones (background and shadow are grey); each face is one flat colour.
    const part = new Map<number, number>();
    let total = 0;
    for (const [key, n] of colourCounts(pixels)) {
      if ((key & 0xff) - (key >> 16) < 15) continue;
      part.set(key, n);
      total += n;
    }
    const faces = [...part].filter(([, n]) => n > total * 0.05).map(([key]) => key);
    expect(faces).toHaveLength(3);
    const lum = faces.map((k) => luminance(`#${k.toString(16).padStart(6, '0')}`)).sort((a, b) => a - b);
    expect(lum[1]! - lum[0]!).toBeGreaterThan(10);
    expect(lum[2]! - lum[1]!).toBeGreaterThan(10);

    const scene = buildScene(cube, { width: 400, height: 300, maxEdgePx: Infinity });
    const shade = (face: Face): number => {
      const k = [...scene.source].findIndex((t) => FACES[Math.floor(t / 2)] === face);
      return luminance(scene.palette[scene.fill[k]!]!);
    };
    expect(shade('top')).toBeGreaterThan(shade('front'));
    expect(shade('front')).toBeGreaterThan(shade('left'));
  });

  it('draws the front (−Y), the top and the side the camera is on, and culls the back faces', () => {
    const cube = mesh(box([0, 0, 0, 40, 60, 20]));
    // Unsplit, the scene is exactly the six triangles of the three visible faces.
    const scene = buildScene(cube, { width: 400, height: 300, maxEdgePx: Infinity });
    expect(scene.count).toBe(6);
    expect([...scene.source].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 8, 9]);
    expect(facesDrawn(cube)).toEqual(new Set(['top', 'front', 'left']));
    // Seen from the front right instead, the right side shows and the left is culled.
    expect(facesDrawn(cube, { azimuthDeg: 35 })).toEqual(new Set(['top', 'front', 'right']));

    // The SVG has one polygon (subpath) per piece of the scene...
    const svg = svgPreview(cube, { width: 400, height: 300 });
    const model = /<g class="model"[^>]*>([\s\S]*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(model.match(/M/g)?.length).toBe(buildScene(cube, { width: 400, height: 300, frame: { left: 15, right: 15, top: 15, bottom: 15 } }).count);
    // ...the back, right and bottom faces add nothing to it, the front face does.
    const culledOnly = mesh(box([0, 0, 0, 40, 60, 20], ['top', 'front', 'left']));
    expect(svgPreview(culledOnly, { width: 400, height: 300 })).toBe(svg);
    const noFront = mesh(box([0, 0, 0, 40, 60, 20], ['bottom', 'top', 'back', 'left', 'right']));
    expect(svgPreview(noFront, { width: 400, height: 300 })).not.toBe(svg);
  });

  it('shows a recessed front panel, darker than the bezel around it', () => {
    const server = recessedServer();
    const scene = buildScene(server, { width: 800, height: 600 });
    const sources = new Set(scene.source.subarray(0, scene.count));
    // The body's front (triangles 4 and 5) shows through the opening.
    expect(sources.has(4) || sources.has(5)).toBe(true);
    const colourOf = (triangle: number): string => scene.palette[scene.fill[[...scene.source].indexOf(triangle)]!]!;
    const panel = colourOf(sources.has(4) ? 4 : 5);
    const bezel = colourOf(12 + 4); // the lower bezel box's front
    expect(luminance(panel)).toBeLessThan(luminance(bezel) - 10);
    // And it is really seen in the picture, not hidden behind the bezel.
    const { pixels } = new Resvg(svgPreview(server)).render();
    const counts = colourCounts(pixels);
    expect(counts.get(parseInt(panel.slice(1), 16)) ?? 0).toBeGreaterThan(1000);
    // Painter's order: the bezel is drawn over the body's front, which would otherwise cover it.
    expect(counts.get(parseInt(bezel.slice(1), 16)) ?? 0).toBeGreaterThan(1000);
    // The body's back, right and bottom are culled.
    for (const t of [0, 1, 6, 7, 10, 11]) expect(sources.has(t)).toBe(false);
  });

  it('puts the title and caption in the SVG, escaped, and draws them', () => {
    const svg = svgPreview(recessedServer(), { title: 'drill-web-01 <R740>', caption: 'Dell PowerEdge R740 · 2U · 1:10 & SN 7XK2M93' });
    expect(svg).toContain('>drill-web-01 &lt;R740&gt;</text>');
    expect(svg).toContain('>Dell PowerEdge R740 · 2U · 1:10 &amp; SN 7XK2M93</text>');
    expect(svgPreview(recessedServer())).not.toContain('<text');
    // The title is drawn (DejaVu Sans, which bootstrap checks for): dark pixels in the band above the part.
    const dark = (png: Buffer): number => {
      const { rgba, width } = decodePng(png);
      let n = 0;
      for (let i = 0; i < width * 60 * 4; i += 4) if (rgba[i]! < 100) n++;
      return n;
    };
    expect(dark(renderPreview(recessedServer(), { title: 'drill-web-01' }))).toBeGreaterThan(200);
    expect(dark(renderPreview(recessedServer()))).toBe(0);
  });

  it('uses the colour asked for and refuses bad options and malformed meshes', () => {
    const cube = mesh(box([0, 0, 0, 10, 10, 10]));
    const red = buildScene(cube, { width: 200, height: 200, color: '#c03030' });
    for (const c of red.palette) {
      const v = parseInt(c.slice(1), 16);
      expect(v >> 16).toBeGreaterThan(2 * (v & 0xff));
    }
    expect(() => renderPreview(cube, { color: 'red' })).toThrow(/colour/);
    expect(() => renderPreview(cube, { width: 0 })).toThrow(/width/);
    expect(() => renderPreview({ positions: new Float32Array(10) })).toThrow(/9 floats/);
    const broken = new Float32Array(cube.positions);
    broken[4] = NaN;
    expect(() => renderPreview({ positions: broken })).toThrow(/finite/);
    // An empty mesh is only background (and text).
    const empty = decodePng(renderPreview({ positions: new Float32Array(0) }, { width: 100, height: 80 }));
    expect([empty.width, empty.height]).toEqual([100, 80]);
  });

  it('draws the PNG with a depth buffer: the same picture as resvg draws from the SVG, whatever the triangle order', () => {
    const server = recessedServer();
    const options = { width: 400, height: 300, title: 'drill-web-01', caption: '2U · 1:10' };
    const ours = decodePng(renderPreview(server, options));
    const reference = new Resvg(svgPreview(server, options), { background: 'white' }).render().pixels;
    let sum = 0;
    let off = 0;
    for (let i = 0; i < reference.length; i += 4) {
      let pixel = 0;
      for (let c = 0; c < 3; c++) pixel = Math.max(pixel, Math.abs(reference[i + c]! - ours.rgba[i + c]!));
      sum += pixel;
      if (pixel > 40) off++;
    }
    // Edges anti-alias a little differently; faces, shades, shadow and text match.
    expect(sum / (reference.length / 4)).toBeLessThan(2);
    expect(off).toBeLessThan(0.01 * 400 * 300);
    // Nearest wins: the body drawn last (over the bezel, in mesh order) changes nothing.
    const t = server.positions.length / 9;
    const reversed = new Float32Array(server.positions.length);
    for (let k = 0; k < t; k++) reversed.set(server.positions.subarray(9 * (t - 1 - k), 9 * (t - k)), 9 * k);
    expect(Buffer.compare(renderPreview({ positions: reversed }, options), renderPreview(server, options))).toBe(0);
  });

  it('renders a mesh of 100,000 triangles', () => {
    const parts: number[][] = [];
    // A grid of small boxes on a plate: 8,333 boxes × 12 + a 4-triangle remainder.
    for (let i = 0; i < 8333; i++) {
      const x = (i % 100) * 3;
      const y = Math.floor(i / 100) * 3;
      parts.push(box([x, y, 0, x + 2, y + 2, 1 + (i % 7) * 0.5]));
    }
    parts.push(box([0, 0, -1, 300, 250, 0], ['bottom', 'top']));
    const big = mesh(...parts);
    expect(big.positions.length / 9).toBe(100_000);
    const image = decodePng(renderPreview(big, { title: 'rack' }));
    expect([image.width, image.height]).toEqual([800, 600]);
    expect(colourCounts(image.rgba).size).toBeGreaterThan(20);
  });
});
