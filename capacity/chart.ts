/**
 * The capacity chart: the load's history, the forecast's p50 line inside its p50–p90 band, and the
 * planned capacity (replicas × what they carry at the target utilisation) as a step line, on one
 * time axis. Drawn without a browser like the anomaly plot: Vega-Lite → SVG → resvg → PNG.
 */
import type { TopLevelSpec } from 'vega-lite';
import { renderSpec } from '../telemetry/plot.js';
import type { CapacityPlan } from './plan.js';

export interface ChartInput {
  service: string;
  history: { timestamps: readonly number[]; values: readonly number[] };
  forecast: { p50: readonly number[]; p90: readonly number[]; model: string };
  plan: CapacityPlan;
  /** Load one replica carries at the target utilisation (capacityPerReplica × targetUtilisation). */
  perReplica: number;
  /** Hours of history shown before the forecast (default 96). */
  historyHours?: number;
  width?: number;
  height?: number;
}

const FONT = 'DejaVu Sans';
const LEGEND = ['load', 'forecast p50, band to p90', 'planned capacity'] as const;
const COLORS = { history: '#4c78a8', forecast: '#f58518', band: '#f58518', capacity: '#54a24b' };

export function chartSpec(input: ChartInput): TopLevelSpec {
  const keep = Math.min(input.history.values.length, input.historyHours ?? 96);
  const from = input.history.values.length - keep;
  const history = input.history.values.slice(from).map((v, i) => ({ t: input.history.timestamps[from + i]!, value: v, what: LEGEND[0] }));
  const future = input.plan.hours.map((h, i) => ({ t: h.t, p50: input.forecast.p50[i]!, p90: input.forecast.p90[i]!, capacity: h.replicas * input.perReplica, replicas: h.replicas }));
  const color = { field: 'what', type: 'nominal', title: null, scale: { domain: [...LEGEND], range: [COLORS.history, COLORS.forecast, COLORS.capacity] }, legend: { orient: 'top-left', direction: 'horizontal', labelLimit: 260, columnPadding: 16 } } as const;
  const x = { field: 't', type: 'temporal', title: null, axis: { format: '%a %H:%M', labelAngle: 0 } } as const;
  const y = { type: 'quantitative', title: 'load', scale: { zero: true } } as const;
  const now = input.plan.hours[0]!.t;
  return {
    width: input.width ?? 760,
    height: input.height ?? 260,
    title: {
      text: `${input.service}: load and planned capacity`,
      subtitle: `forecast ${input.forecast.model} (band p50–p90); capacity = replicas × ${round(input.perReplica)}; now ${input.plan.current} → ${input.plan.hours[0]!.replicas}, peak ${input.plan.peak.replicas}`,
      anchor: 'start',
    },
    config: { font: FONT, view: { stroke: null } },
    background: 'white',
    layer: [
      { data: { values: future }, mark: { type: 'area', color: COLORS.band, opacity: 0.2 }, encoding: { x, y: { ...y, field: 'p50' }, y2: { field: 'p90' } } },
      { data: { values: history }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'value' }, color } },
      { data: { values: future.map((f) => ({ ...f, what: LEGEND[1] })) }, mark: { type: 'line', strokeWidth: 1.5 }, encoding: { x, y: { ...y, field: 'p50' }, color } },
      { data: { values: future.map((f) => ({ ...f, what: LEGEND[2] })) }, mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 }, encoding: { x, y: { ...y, field: 'capacity' }, color } },
      { data: { values: [{ t: now }] }, mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x } },
    ],
  };
}

export function renderChart(input: ChartInput): Promise<Buffer> {
  return renderSpec(chartSpec(input));
}

function round(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}
