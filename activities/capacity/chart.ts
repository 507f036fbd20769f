/** `capacityChart`: draws the plan's chart (capacity/chart.ts) into `<stateDir>/capacity/charts/<run>.png` on this worker. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { renderChart, type ChartInput } from '../../capacity/chart.js';
import type { Config } from '../../config/schema.js';

export interface ChartRequest extends ChartInput {
  /** File name stem: the workflow id, made safe for a file name. */
  name: string;
}

export const chartDir = (config: Pick<Config, 'stateDir'>): string => resolve(config.stateDir, 'capacity', 'charts');

export function createCapacityChart(config: Pick<Config, 'stateDir'>) {
  return async function capacityChart(request: ChartRequest): Promise<{ path: string }> {
    const dir = chartDir(config);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, `${request.name.replace(/[^A-Za-z0-9._-]/g, '_')}.png`);
    writeFileSync(path, await renderChart(request));
    return { path };
  };
}
