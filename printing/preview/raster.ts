/**
 * The preview's rasteriser: the projected, shaded triangles (scene.ts `projectScene`) drawn with a
 * depth buffer at `SAMPLES`² samples a pixel, averaged down over the background gradient and the
 * ground shadow. A depth buffer needs no subdivision and no sort, and stays right where a recess
 * meets the face around it; what the SVG painter (render.ts `svgPreview`) spends on ~13,000 stroked
 * pieces is here one pass over the visible triangles. Pure code: no I/O.
 */
import type { Projected } from './scene.js';

/** Samples per pixel along each axis (4 a pixel; rasterScene averages them 2 × 2): edges look as smooth as resvg's. */
const SAMPLES = 2;
const BG_TOP = [0xff, 0xff, 0xff] as const;
const BG_BOTTOM = [0xe6, 0xe8, 0xeb] as const;
const SHADOW = [0x22, 0x26, 0x2c] as const;
/** The shadow's opacity from its centre (0) to its rim (1), piecewise linear. */
const SHADOW_STOPS: [at: number, opacity: number][] = [[0, 0.38], [0.55, 0.2], [1, 0]];

/** shadowOpacity over the squared radius, tabulated in 1/256ths (no square root a pixel). */
const SHADOW_TABLE_SIZE = 1024;
const SHADOW_TABLE = Uint16Array.from({ length: SHADOW_TABLE_SIZE + 1 }, (_, k) => Math.round(256 * shadowOpacity(Math.sqrt(k / SHADOW_TABLE_SIZE))));

function shadowOpacity(r: number): number {
  if (r >= 1) return 0;
  for (let k = 1; k < SHADOW_STOPS.length; k++) {
    const [a1, o1] = SHADOW_STOPS[k]!;
    if (r <= a1) {
      const [a0, o0] = SHADOW_STOPS[k - 1]!;
      return o0 + ((o1 - o0) * (r - a0)) / (a1 - a0);
    }
  }
  return 0;
}

/** Background and shadow, RGB, one pixel at a time (smooth, so no supersampling). */
function background(scene: Projected): Uint8Array {
  const { width: w, height: h, shadow } = scene;
  const out = new Uint8Array(w * h * 3);
  // The gradient: one row a line, copied across.
  for (let y = 0; y < h; y++) {
    const t = h > 1 ? y / (h - 1) : 0;
    const o = y * w * 3;
    for (let c = 0; c < 3; c++) out[o + c] = Math.round(BG_TOP[c]! + (BG_BOTTOM[c]! - BG_TOP[c]!) * t);
    for (let filled = 3; filled < w * 3; filled *= 2) out.copyWithin(o + filled, o, o + Math.min(filled, w * 3 - filled));
  }
  if (!shadow || !(shadow.rx > 0) || !(shadow.ry > 0)) return out;
  // The shadow, only inside its ellipse.
  const [s0, s1, s2] = SHADOW;
  const x0 = Math.max(0, Math.floor(shadow.cx - shadow.rx)), x1 = Math.min(w - 1, Math.ceil(shadow.cx + shadow.rx));
  const y0 = Math.max(0, Math.floor(shadow.cy - shadow.ry)), y1 = Math.min(h - 1, Math.ceil(shadow.cy + shadow.ry));
  for (let y = y0; y <= y1; y++) {
    const dy = (y + 0.5 - shadow.cy) / shadow.ry;
    for (let x = x0; x <= x1; x++) {
      const dx = (x + 0.5 - shadow.cx) / shadow.rx;
      const r2 = dx * dx + dy * dy;
      if (r2 >= 1) continue;
      const a = SHADOW_TABLE[(r2 * SHADOW_TABLE_SIZE + 0.5) | 0]!;
      const keep = 256 - a;
      const o = (y * w + x) * 3;
      out[o] = (out[o]! * keep + s0 * a + 128) >> 8;
      out[o + 1] = (out[o + 1]! * keep + s1 * a + 128) >> 8;
      out[o + 2] = (out[o + 2]! * keep + s2 * a + 128) >> 8;
    }
  }
  return out;
}

/** The pixels the triangles can reach: their bounding box, clipped to the image. */
interface Window {
  x0: number;
  y0: number;
  /** Size in pixels (0 when nothing is inside the image). */
  w: number;
  h: number;
}

function windowOf(scene: Projected): Window {
  const p = scene.points;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < 6 * scene.count; i += 2) {
    const x = p[i]!, y = p[i + 1]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const x0 = Math.max(0, Math.floor(minX)), y0 = Math.max(0, Math.floor(minY));
  const x1 = Math.min(scene.width - 1, Math.floor(maxX)), y1 = Math.min(scene.height - 1, Math.floor(maxY));
  return { x0, y0, w: Math.max(0, x1 - x0 + 1), h: Math.max(0, y1 - y0 + 1) };
}

/**
 * Draws the triangles into a grid of SAMPLES × SAMPLES samples a pixel over the window: colour
 * index + 1 per sample (0 = not covered), nearest wins. A sample is covered when it lies inside or
 * on all three edges, so triangles that share an edge leave no gap between them.
 */
function rasterizeSamples(scene: Projected, win: Window): Uint32Array {
  const sw = win.w * SAMPLES, sh = win.h * SAMPLES;
  const colour = new Uint32Array(sw * sh);
  const depth = new Float32Array(sw * sh);
  const { points: p, depth: d, fill } = scene;
  // Sample (i, j) of the grid sits at pixel (x0 + (i + 0.5) / S, y0 + (j + 0.5) / S).
  const ox = win.x0 * SAMPLES + 0.5, oy = win.y0 * SAMPLES + 0.5;
  for (let k = 0; k < scene.count; k++) {
    const x0 = p[6 * k]! * SAMPLES - ox, y0 = p[6 * k + 1]! * SAMPLES - oy;
    const x1 = p[6 * k + 2]! * SAMPLES - ox, y1 = p[6 * k + 3]! * SAMPLES - oy;
    const x2 = p[6 * k + 4]! * SAMPLES - ox, y2 = p[6 * k + 5]! * SAMPLES - oy;
    // Twice the signed area (either winding: the weights below are normalised by it).
    const area = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (area === 0) continue;
    const inv = 1 / area;
    const minX = Math.max(0, Math.ceil(Math.min(x0, x1, x2)));
    const maxX = Math.min(sw - 1, Math.floor(Math.max(x0, x1, x2)));
    const minY = Math.max(0, Math.ceil(Math.min(y0, y1, y2)));
    const maxY = Math.min(sh - 1, Math.floor(Math.max(y0, y1, y2)));
    if (minX > maxX || minY > maxY) continue;
    const d0 = d[3 * k]!, d1 = d[3 * k + 1]!, d2 = d[3 * k + 2]!;
    const c = fill[k]! + 1;
    // Barycentric weights as edge functions, normalised by the area, stepped along x.
    const a0 = (y1 - y2) * inv;
    const a1 = (y2 - y0) * inv;
    const eps = -1e-9;
    for (let y = minY; y <= maxY; y++) {
      let w0 = ((x2 - x1) * (y - y1) - (y2 - y1) * (minX - x1)) * inv;
      let w1 = ((x0 - x2) * (y - y2) - (y0 - y2) * (minX - x2)) * inv;
      const row = y * sw;
      for (let x = minX; x <= maxX; x++, w0 += a0, w1 += a1) {
        const w2 = 1 - w0 - w1;
        if (w0 < eps || w1 < eps || w2 < eps) continue;
        const z = w0 * d0 + w1 * d1 + w2 * d2;
        const i = row + x;
        if (colour[i] === 0 || z > depth[i]!) {
          depth[i] = z;
          colour[i] = c;
        }
      }
    }
  }
  return colour;
}

/** The preview as RGB pixels (width × height × 3), without text. */
export function rasterScene(scene: Projected): Uint8Array {
  const w = scene.width;
  const out = background(scene);
  const win = windowOf(scene);
  if (scene.count === 0 || win.w === 0 || win.h === 0) return out;
  const samples = rasterizeSamples(scene, win);
  const sw = win.w * SAMPLES;
  // Palette as bytes; entry 0 is "not covered".
  const rgb = new Uint8Array(3 * (scene.palette.length + 1));
  scene.palette.forEach((hex, k) => {
    const v = parseInt(hex.slice(1), 16);
    rgb[3 * k + 3] = v >> 16;
    rgb[3 * k + 4] = (v >> 8) & 0xff;
    rgb[3 * k + 5] = v & 0xff;
  });
  // Each pixel: its 2 × 2 samples averaged, the background standing in for the uncovered ones.
  for (let j = 0; j < win.h; j++) {
    const top = 2 * j * sw;
    const bottom = top + sw;
    for (let i = 0; i < win.w; i++) {
      const c00 = samples[top + 2 * i]!, c01 = samples[top + 2 * i + 1]!;
      const c10 = samples[bottom + 2 * i]!, c11 = samples[bottom + 2 * i + 1]!;
      const o = ((win.y0 + j) * w + win.x0 + i) * 3;
      if (c00 === c01 && c00 === c10 && c00 === c11) {
        // Inside one face (the common case), or outside the part.
        if (c00 !== 0) {
          out[o] = rgb[3 * c00]!;
          out[o + 1] = rgb[3 * c00 + 1]!;
          out[o + 2] = rgb[3 * c00 + 2]!;
        }
        continue;
      }
      const rest = (c00 === 0 ? 1 : 0) + (c01 === 0 ? 1 : 0) + (c10 === 0 ? 1 : 0) + (c11 === 0 ? 1 : 0);
      for (let k = 0; k < 3; k++) {
        const sum = rgb[3 * c00 + k]! + rgb[3 * c01 + k]! + rgb[3 * c10 + k]! + rgb[3 * c11 + k]! + out[o + k]! * rest;
        out[o + k] = (sum + 2) >> 2;
      }
    }
  }
  return out;
}

/** Lays premultiplied RGBA (resvg's pixels, same size) over RGB pixels, in place. */
export function composite(rgb: Uint8Array, rgba: Uint8Array): void {
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    const a = rgba[i + 3]!;
    if (a === 0) continue;
    const keep = 255 - a;
    rgb[o] = rgba[i]! + Math.round((rgb[o]! * keep) / 255);
    rgb[o + 1] = rgba[i + 1]! + Math.round((rgb[o + 1]! * keep) / 255);
    rgb[o + 2] = rgba[i + 2]! + Math.round((rgb[o + 2]! * keep) / 255);
  }
}
