/**
 * `swaybot capacity plan <service>`: with a Temporal server, starts the capacity workflow and shows
 * its plan once forecast (the chart comes from the worker); without one, or with `--local`, plans
 * here from the same history, forecaster, planner and chart, and applies nothing.
 */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Client } from '@temporalio/client';
import pc from 'picocolors';
import type { ServiceSettings } from '../../capacity/settings.js';
import type { Config } from '../../config/schema.js';
import type { CapacityStatus } from '../../workflows/capacity-messages.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { formatCapacityStatus } from '../format/capacity.js';
import { cliConfig, connectClient, resolveTarget, workflowUrl } from '../connect.js';

export interface PlanOptions {
  chart?: string;
  local?: boolean;
  current?: string;
  all?: boolean;
}

/** How long to wait for the run's forecast before leaving it to run on. */
const FORECAST_WAIT_MS = 5 * 60_000;

export async function planAction(service: string, options: PlanOptions, ctx: CliContext): Promise<void> {
  const config = cliConfig(ctx.io.env);
  const settings = config.capacity.services[service];
  if (!settings) throw new CliError(`No capacity settings for ${service}: add capacity.services.${service} to the config (configured: ${Object.keys(config.capacity.services).join(', ') || 'none'})`, 2);
  const chartPath = resolve(options.chart ?? `capacity-${service}.png`);
  if (!options.local) {
    const target = resolveTarget(ctx.globals(), ctx.io.env);
    let connected: Awaited<ReturnType<typeof connectClient>> | undefined;
    try {
      connected = await connectClient(target);
    } catch (err) {
      ctx.io.stderr.write(`${pc.yellow('!')} ${(err as Error).message.split(';')[0]}: planning here instead (nothing is applied)\n`);
    }
    if (connected) {
      try {
        const { startCapacityRun } = await import('../../client/capacity.js');
        const id = await startCapacityRun(connected.client, service, { taskQueue: target.taskQueue, mlTaskQueue: config.capacity.mlTaskQueue });
        ctx.io.stderr.write(pc.dim(`started ${id}; forecasting on task queue ${config.capacity.mlTaskQueue}…\n`));
        const status = await waitPastForecast(connected.client, id);
        ctx.print(formatCapacityStatus(status, id, { all: options.all ?? false }));
        if (status.chart && existsSync(status.chart)) {
          copyChart(status.chart, chartPath);
          ctx.print(`chart     ${chartPath}`);
        }
        const url = workflowUrl(target, id);
        if (url) ctx.print(pc.dim(`Web UI: ${url}`));
        if (status.state === 'failed') ctx.exitCode = 1;
        return;
      } finally {
        await connected.close();
      }
    }
  }
  await planLocally(service, settings, config, chartPath, options, ctx);
}

async function waitPastForecast(client: Client, id: string): Promise<CapacityStatus> {
  const { getCapacityRun } = await import('../../client/capacity.js');
  const deadline = Date.now() + FORECAST_WAIT_MS;
  for (;;) {
    let status: CapacityStatus;
    try {
      status = await getCapacityRun(client, id);
    } catch (err) {
      // A failed run (its forecast failed) has no result to read: say why.
      const cause = (err as { cause?: Error }).cause;
      throw new CliError(`The capacity run ${id} failed: ${cause?.message ?? (err as Error).message}`);
    }
    // The chart is drawn before the run leaves `forecasting`, so any later state has it.
    if (status.state !== 'forecasting') return status;
    if (Date.now() > deadline) throw new CliError(`The capacity run ${id} is still forecasting after ${FORECAST_WAIT_MS / 60_000} minutes: is an ml worker polling capacity.mlTaskQueue? See \`swaybot capacity status ${id}\``);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function copyChart(from: string, to: string): void {
  if (resolve(from) === to) return;
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
}

async function planLocally(service: string, settings: ServiceSettings, config: Config, chartPath: string, options: PlanOptions, ctx: CliContext): Promise<void> {
  const [{ makePlan }, { diffPlan }, { renderChart }, { forecastService }] = await Promise.all([
    import('../../capacity/plan.js'),
    import('../../capacity/diff.js'),
    import('../../capacity/chart.js'),
    import('../../ml/forecast/service.js'),
  ]);
  const history = await localHistory(service, settings, config, ctx);
  const current = options.current !== undefined ? Number(options.current) : settings.min;
  if (!Number.isInteger(current) || current < 0) throw new CliError(`Unexpected --current ${options.current}, expected a whole number of replicas`, 2);
  if (options.current === undefined) ctx.io.stderr.write(pc.dim(`planning from ${current} replica(s) (the minimum; --current N says what runs)\n`));
  ctx.io.stderr.write(pc.dim(`forecasting 48 h from ${history.values.length} h of history…\n`));
  const forecast = await forecastService({ values: history.values, horizon: 48, season: 24 }, { modelDir: resolve(config.stateDir, config.capacity.modelDir) });
  const start = history.timestamps[history.timestamps.length - 1]! + 3_600_000;
  const plan = makePlan(forecast.p90, start, current, settings);
  const diff = diffPlan(plan, settings.approval);
  mkdirSync(dirname(chartPath), { recursive: true });
  writeFileSync(
    chartPath,
    await renderChart({ service, history, forecast, plan, perReplica: settings.capacityPerReplica * settings.targetUtilisation }),
  );
  const { point: _p, ...shown } = forecast;
  const status: CapacityStatus = {
    service,
    state: diff.needsApproval ? 'awaiting-approval' : diff.change === 0 ? 'unchanged' : 'applying',
    history: { source: history.source, hours: history.values.length, filled: history.filled ?? 0 },
    forecast: shown,
    plan,
    diff,
    chart: chartPath,
  };
  ctx.print(formatCapacityStatus(status, undefined, { all: options.all ?? false }));
  ctx.print(pc.dim('Computed here (--local, or no Temporal server): nothing was applied. With `npm start` running, this command runs the capacity workflow.'));
}

async function localHistory(service: string, settings: ServiceSettings, config: Config, ctx: CliContext) {
  const { readHistory } = await import('../../activities/capacity/inputs.js');
  const { DEMO_SERVICE, demoHistory } = await import('../../capacity/demo-history.js');
  if (config.capacity.history.source === 'prometheus') return readHistory({ config }, settings);
  const file = join(resolve(config.stateDir), 'telemetry', 'metrics.duckdb');
  if (existsSync(file)) {
    const { TimeSeriesStore } = await import('../../telemetry/store/index.js');
    let store;
    try {
      store = await TimeSeriesStore.open(file);
    } catch (err) {
      throw new CliError(`Cannot open the telemetry store ${file} (${(err as Error).message.split('\n')[0]}); a running worker holds it: run without --local to plan through the stack`);
    }
    try {
      return await readHistory({ config, store }, settings);
    } catch (err) {
      if (service !== DEMO_SERVICE) throw new CliError((err as Error).message);
    } finally {
      await store.close();
    }
  } else if (service !== DEMO_SERVICE) {
    throw new CliError(`No telemetry store at ${file}: send ${settings.metric} to the telemetry daemon (npm start), or set capacity.history.source: prometheus`);
  }
  ctx.io.stderr.write(pc.dim(`no stored history for ${service}: using the demo's built-in 7 days (capacity/demo-history.ts)\n`));
  const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
  const demo = demoHistory(end);
  return { ...demo, stepMs: 3_600_000, source: 'demo history (built in)', filled: 0 };
}
