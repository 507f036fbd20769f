/**
 * The picture attached to an anomaly's incident: the series over its last hours with the
 * anomalous point marked, drawn without a browser: a Vega-Lite spec → Vega's SVG renderer
 * (headless) → resvg → PNG. Text uses the system's DejaVu Sans (bootstrap checks it is there);
 * with no font at all the lines still render, only the labels are missing.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface PlotInput {
  title: string;
  points: readonly { t: number; value: number }[];
  /** The anomalous point (epoch ms) and its score. */
  anomaly: { t: number; value: number; score: number };
  width?: number;
  height?: number;
}

const FONT = 'DejaVu Sans';

/** The Vega-Lite spec of the plot (exported for tests: the data and marks it holds). */
export function plotSpec(input: PlotInput): TopLevelSpec {
  const x = { field: 't', type: 'temporal', title: null, axis: { format: '%H:%M' } } as const;
  const y = { field: 'value', type: 'quantitative', title: null, scale: { zero: false } } as const;
  return {
    width: input.width ?? 720,
    height: input.height ?? 220,
    title: { text: input.title, subtitle: `anomaly score ${input.anomaly.score.toFixed(2)} at ${new Date(input.anomaly.t).toISOString()}`, anchor: 'start' },
    config: { font: FONT, view: { stroke: null } },
    background: 'white',
    layer: [
      { data: { values: input.points.map((p) => ({ t: p.t, value: p.value })) }, mark: { type: 'line', strokeWidth: 1.5, color: '#4c78a8' }, encoding: { x, y } },
      { data: { values: [{ t: input.anomaly.t }] }, mark: { type: 'rule', color: '#e45756', strokeDash: [4, 3] }, encoding: { x } },
      {
        data: { values: [{ t: input.anomaly.t, value: input.anomaly.value }] },
        mark: { type: 'point', color: '#e45756', size: 120, filled: true },
        encoding: { x, y },
      },
    ],
  };
}

/** Renders the plot as a PNG. */
export function renderPlot(input: PlotInput): Promise<Buffer> {
  return renderSpec(plotSpec(input));
}

/** Any Vega-Lite spec → PNG, headless (also the capacity chart's renderer). */
export async function renderSpec(vl: TopLevelSpec): Promise<Buffer> {
  const { spec } = compile(vl);
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: FONT }, background: 'white' }).render().asPng();
  } finally {
    view.finalize();
  }
}
