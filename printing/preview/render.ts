/**
 * The replica preview: a shaded PNG of the model from a front three-quarter view, drawn without a
 * browser (for Slack and the CLI), over a light gradient and a soft ground shadow, with a title and
 * caption. The PNG comes from our depth-buffer rasteriser (raster.ts) with the text drawn by resvg;
 * `svgPreview` gives the same picture as an SVG of filled triangles in painter's order (scalable, and
 * the reference the rasteriser is tested against). Text uses the system's DejaVu Sans (its font files,
 * found once), as telemetry/plot.ts does.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { PNG } from 'pngjs';
import type { Mesh } from '../types.js';
import { composite, rasterScene } from './raster.js';
import { buildScene, DEFAULT_COLOR, projectScene, type Scene, type SceneOptions } from './scene.js';

export interface PreviewOptions {
  /** Image size, px. Defaults 800 × 600. */
  width?: number;
  height?: number;
  /** Drawn large above the model (e.g. the host name). */
  title?: string;
  /** Drawn small below the model (e.g. model, scale, serial). */
  caption?: string;
  /** Camera azimuth about Z from straight in front (−Y); negative = front-left. Default −35. */
  azimuthDeg?: number;
  /** Camera elevation above the horizon. Default 25. */
  elevationDeg?: number;
  /** Base colour of the part, #rgb or #rrggbb. Default #8a9bb0. */
  color?: string;
}

const FONT = 'DejaVu Sans';
const MAX_SIDE = 8192;

function size(value: number | undefined, fallback: number, name: string): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 16 || v > MAX_SIDE) throw new RangeError(`preview ${name} must be an integer from 16 to ${MAX_SIDE} px, got ${v}`);
  return v;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[ch] ?? ch);
}

/** Rounds to 0.1 px: shorter text, no visible difference. */
function num(v: number): string {
  return String(Math.round(v * 10) / 10);
}

/** A font size that fits the text in `room` px (DejaVu Sans averages ~0.6 em a character). */
function fitFont(text: string, preferred: number, room: number): number {
  const guess = room / Math.max(1, text.length * 0.6);
  return Math.max(8, Math.min(preferred, Math.floor(guess)));
}

interface Layout {
  margin: number;
  titleSize: number;
  captionSize: number;
  top: number;
  bottom: number;
}

function layout(width: number, height: number, title: string | undefined, caption: string | undefined): Layout {
  const margin = Math.round(Math.min(width, height) * 0.05);
  const titleSize = title ? fitFont(title, Math.max(12, Math.min(40, Math.round(height * 0.05))), width - 2 * margin) : 0;
  const captionSize = caption ? fitFont(caption, Math.max(10, Math.min(24, Math.round(height * 0.03))), width - 2 * margin) : 0;
  return {
    margin,
    titleSize,
    captionSize,
    top: margin + (title ? titleSize * 1.8 : 0),
    bottom: margin + (caption ? captionSize * 2 : 0),
  };
}

/** The scene and its text as an SVG document. */
export function sceneSvg(scene: Scene, text: { title?: string; caption?: string; layout: Layout }): string {
  const { width: w, height: h } = scene;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    '<defs>',
    '<linearGradient id="bg" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#ffffff"/><stop offset="1" stop-color="#e6e8eb"/></linearGradient>',
    '<radialGradient id="shadow"><stop offset="0" stop-color="#22262c" stop-opacity="0.38"/><stop offset="0.55" stop-color="#22262c" stop-opacity="0.2"/><stop offset="1" stop-color="#22262c" stop-opacity="0"/></radialGradient>',
    '</defs>',
    `<rect width="${w}" height="${h}" fill="url(#bg)"/>`,
  ];
  const s = scene.shadow;
  if (s) parts.push(`<ellipse class="shadow" cx="${num(s.cx)}" cy="${num(s.cy)}" rx="${num(s.rx)}" ry="${num(s.ry)}" fill="url(#shadow)"/>`);
  // One path per run of pieces with the same colour (painter's order kept); the hairline stroke of
  // the same colour closes the seams anti-aliasing would leave between neighbouring triangles.
  parts.push('<g class="model" stroke-width="0.9" stroke-linejoin="round">');
  const p = scene.points;
  let k = 0;
  while (k < scene.count) {
    const f = scene.fill[k]!;
    const colour = scene.palette[f]!;
    const d: string[] = [];
    for (; k < scene.count && scene.fill[k] === f; k++) {
      const o = 6 * k;
      d.push(`M${num(p[o]!)} ${num(p[o + 1]!)} ${num(p[o + 2]!)} ${num(p[o + 3]!)} ${num(p[o + 4]!)} ${num(p[o + 5]!)}Z`);
    }
    parts.push(`<path fill="${colour}" stroke="${colour}" d="${d.join('')}"/>`);
  }
  parts.push('</g>', ...textElements(w, h, text), '</svg>');
  return parts.join('\n');
}

/** The title and caption as SVG text elements; `captionShift` moves the caption up by that many px. */
function textElements(w: number, h: number, text: { title?: string; caption?: string; layout: Layout }, captionShift = 0): string[] {
  const { margin, titleSize, captionSize } = text.layout;
  const out: string[] = [];
  if (text.title)
    out.push(`<text class="title" x="${w / 2}" y="${num(margin + titleSize)}" text-anchor="middle" font-family="${FONT}" font-size="${titleSize}" font-weight="bold" fill="#1f2933">${escapeXml(text.title)}</text>`);
  if (text.caption)
    out.push(`<text class="caption" x="${w / 2}" y="${num(h - margin - captionSize * 0.3 - captionShift)}" text-anchor="middle" font-family="${FONT}" font-size="${captionSize}" fill="#52606d">${escapeXml(text.caption)}</text>`);
  return out;
}

/**
 * Draws the title and caption over RGB pixels with resvg. Only their bands are rasterised, in one
 * strip: the title band (the top `layout.top` rows) with the caption band (the bottom
 * `layout.bottom` rows) right under it, each then laid over its own rows of the image.
 */
function drawText(rgb: Uint8Array, w: number, h: number, text: { title?: string; caption?: string; layout: Layout }): void {
  const top = Math.min(h, Math.ceil(text.layout.top));
  const bottom = Math.min(h - top, Math.ceil(text.layout.bottom));
  const elements = textElements(w, h, text, h - bottom - top);
  if (elements.length === 0 || top + bottom === 0) return;
  const strip = top + bottom;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${strip}" viewBox="0 0 ${w} ${strip}">${elements.join('')}</svg>`;
  const pixels = resvg(svg).render().pixels;
  composite(rgb.subarray(0, top * w * 3), pixels.subarray(0, top * w * 4));
  composite(rgb.subarray((h - bottom) * w * 3), pixels.subarray(top * w * 4));
}

/** The scene options and text layout a preview's options ask for (checked). */
function plan(options: PreviewOptions): { scene: SceneOptions; text: { title?: string; caption?: string; layout: Layout } } {
  const width = size(options.width, 800, 'width');
  const height = size(options.height, 600, 'height');
  const lay = layout(width, height, options.title, options.caption);
  return {
    scene: {
      width,
      height,
      frame: { left: lay.margin, right: lay.margin, top: lay.top, bottom: lay.bottom },
      azimuthDeg: options.azimuthDeg ?? -35,
      elevationDeg: options.elevationDeg ?? 25,
      color: options.color ?? DEFAULT_COLOR,
    },
    text: {
      ...(options.title ? { title: options.title } : {}),
      ...(options.caption ? { caption: options.caption } : {}),
      layout: lay,
    },
  };
}

/** The preview as an SVG document: the same picture as renderPreview's, as vectors. */
export function svgPreview(mesh: Mesh, options: PreviewOptions = {}): string {
  const { scene, text } = plan(options);
  return sceneSvg(buildScene(mesh, scene), text);
}

/** DejaVu Sans (regular and bold) where the system has it: loading the two files beats scanning every system font on each render. */
const FONT_DIRS = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF', '/usr/local/share/fonts', '/Library/Fonts'];
let fontFiles: string[] | null | undefined;
function dejaVuFiles(): string[] | null {
  if (fontFiles === undefined) {
    fontFiles = null;
    for (const dir of FONT_DIRS) {
      const files = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => join(dir, f));
      if (files.every((f) => existsSync(f))) {
        fontFiles = files;
        break;
      }
    }
  }
  return fontFiles;
}

/** resvg for an SVG; fonts are loaded only when there is text to draw (the DejaVu Sans files, else the system's fonts). */
function resvg(svg: string): Resvg {
  const text = svg.includes('<text');
  const files = text ? dejaVuFiles() : null;
  const font = files ? { loadSystemFonts: false, fontFiles: files, defaultFontFamily: FONT } : { loadSystemFonts: text, defaultFontFamily: FONT };
  return new Resvg(svg, { font });
}

/** The preview as a PNG (width × height as asked, RGB). */
export function renderPreview(mesh: Mesh, options: PreviewOptions = {}): Buffer {
  const { scene: sceneOptions, text } = plan(options);
  const scene = projectScene(mesh, sceneOptions);
  const { width, height } = scene;
  const rgb = rasterScene(scene);
  drawText(rgb, width, height, text);
  // The Sub filter on every row: a few % larger than pngjs's adaptive choice and four times faster.
  const encoding = { colorType: 2, inputColorType: 2, inputHasAlpha: false, filterType: 1 } as const;
  const png = new PNG({ width, height, ...encoding });
  png.data = Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength);
  return PNG.sync.write(png, encoding);
}
