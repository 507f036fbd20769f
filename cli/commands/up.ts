/** `swaybot up [--demo]`: run the dev stack in the foreground until Ctrl-C. */
import type { Command } from 'commander';
import pc from 'picocolors';
import { formatLogLine } from '../format/log-line.js';
import type { Connection } from '@temporalio/client';
import type { RunSummary } from '../../client/runs.js';
import type { DemoRun } from '../../devstack/demo-run.js';
import type { DemoTelemetry } from '../../devstack/demo-telemetry.js';
import type { DemoCapacity } from '../../devstack/demo-capacity.js';
import type { Stack, StackLog } from '../../devstack/stack.js';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { stackBanner } from '../format/banner.js';
import { nextStepsFor } from '../next-steps.js';

interface UpOptions {
  demo?: boolean;
  port?: string;
  uiPort?: string;
  stateDir?: string;
  demoPort?: string;
  alertsPort?: string;
  /** false with --no-drill. */
  drill: boolean;
  inventory?: string;
}

function portOption(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`Unexpected ${flag} ${value}, expected a port number (1-65535)`, 2);
  return port;
}

function stackLog(print: (line: string) => void): StackLog {
  return {
    step: (m) => print(`${pc.cyan('→')} ${m}`),
    ok: (m) => print(`${pc.green('✓')} ${m}`),
    warn: (m) => print(`${pc.yellow('!')} ${m}`),
    worker: (line) => print(`${pc.dim('  worker │')} ${formatLogLine(line)}`),
  };
}

export function registerUp(program: Command, ctx: CliContext): void {
  program
    .command('up')
    .description('run the dev stack: Temporal dev server (SQLite in the state folder), worker; Ctrl-C stops it')
    .option('--demo', 'also start the demo service and fire a demo alert: its incident runs runbooks/service-health-check.md')
    .option('--port <port>', 'Temporal frontend port (default: temporal.port, 7233)')
    .option('--ui-port <port>', 'Web UI port (default: temporal.uiPort, 8233)')
    .option('--state-dir <dir>', 'state folder (default: stateDir, .state)')
    .option('--demo-port <port>', 'demo service port (default 8787)')
    .option('--alerts-port <port>', 'alert receiver port (default: alerts.port, 9095)')
    .option('--no-drill', 'do not start the drill fleet (simulated BMCs of devstack/drill/inventory.yaml)')
    .option('--inventory <file>', 'inventory the drill fleet simulates (default: hardware.inventory)')
    .action(async (options: UpOptions) => {
      ctx.exitCode = await up(options, ctx);
    });
}

async function up(options: UpOptions, ctx: CliContext): Promise<number> {
  const [{ Client, Connection }, { describeRun, listRuns }, { ensureDemoIncident }, { ROOT, startStack }, { cliConfig, stackConnectOptions }, { follow }, { killStackChildren }, { ensureDemoTelemetry }] = await Promise.all([
    import('@temporalio/client'),
    import('../../client/runs.js'),
    import('../../devstack/demo-run.js'),
    import('../../devstack/stack.js'),
    import('../connect.js'),
    import('../follow.js'),
    import('../../devstack/leftovers.js'),
    import('../../devstack/demo-telemetry.js'),
  ]);
  const log = stackLog(ctx.print);
  /** Every run in flight, the demo's included even before visibility lists it; a listing that fails is a warning. */
  const runsInFlight = async (client: InstanceType<typeof Client>, demoId: string | undefined): Promise<RunSummary[]> => {
    try {
      const runs = await listRuns(client, { inFlight: true, limit: 100 });
      if (demoId !== undefined && !runs.some((r) => r.workflowId === demoId)) runs.unshift(await describeRun(client, demoId));
      return runs.filter((r) => r.inFlight);
    } catch (err) {
      log.warn(`could not list the runs in flight: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  };
  const config = cliConfig(ctx.io.env);
  if (config.approvals.identity === 'asserted') {
    log.warn("approvals.identity is `asserted`: `--as <user>` is believed, so anyone can approve as anyone. Fine for the demo; set it to `signed`, with each approver's public key, for real use (docs/security.md#approvals-and-identity)");
  }
  const stateDir = options.stateDir ?? config.stateDir;
  const port = portOption(options.port, '--port');
  const uiPort = portOption(options.uiPort, '--ui-port');
  const demoPort = portOption(options.demoPort, '--demo-port');
  const alertsPort = portOption(options.alertsPort, '--alerts-port');
  // Signals before the stack is up still stop it cleanly once startup returns.
  let stopRequested = 0;
  let wake: () => void = () => undefined;
  const stopSignal = new Promise<void>((resolve) => (wake = resolve));
  const onSignal = (signal: string) => {
    // `npm start` forwards the terminal's Ctrl-C that this process also receives
    // directly: a repeat within a second is that echo, not a request to force.
    if (stopRequested && Date.now() - stopRequested < 1000) return;
    if (stopRequested) {
      ctx.print(pc.red(`${signal} again: killing the worker and the server, exiting without waiting`));
      killStackChildren(stateDir);
      ctx.io.forceExit(130);
    }
    stopRequested = Date.now();
    ctx.print(`\n${pc.cyan('→')} ${signal}: stopping the worker, then the server (again to force)`);
    wake();
  };
  // Losing the terminal (`npm start | tee log`, then Ctrl-C) must not abort the shutdown: see process-io.ts.
  const unsubscribe = ctx.io.onStop(onSignal);

  let stack: Stack;
  try {
    stack = await startStack({
      config,
      log,
      ...(options.stateDir ? { stateDir: options.stateDir } : {}),
      ...(port ? { port } : {}),
      ...(uiPort ? { uiPort } : {}),
      ...(demoPort ? { demoPort } : {}),
      ...(alertsPort ? { alertsPort } : {}),
      ...(options.demo ? { demo: true } : {}),
      ...(options.drill ? { drillInventory: options.inventory ?? config.hardware.inventory } : {}),
    });
  } catch (err) {
    throw new CliError(err instanceof Error ? err.message : String(err));
  }

  const following = new AbortController();
  let exitCode = 0;
  let connection: Connection | undefined;
  try {
    let demo: DemoRun | undefined;
    let telemetry: DemoTelemetry | undefined;
    let capacity: DemoCapacity | undefined;
    let inFlight: RunSummary[] = [];
    const next = nextStepsFor(config.groups, ctx.io.env);
    if (!stopRequested) {
      connection = await Connection.connect(stackConnectOptions(stack, ctx.io.env));
      const client = new Client({ connection, namespace: stack.namespace });
      if (options.demo && stack.demoService) {
        if (!stack.alertsUrl) throw new CliError('The worker did not report its alert receiver, so the demo alert cannot be sent; see the worker output above');
        demo = await ensureDemoIncident(client, { root: ROOT, serviceUrl: stack.demoService.url, alertsUrl: stack.alertsUrl });
        stack.noteDemoRun(demo.workflowId);
        if (stack.telemetry) {
          log.step(`replaying a machine's temperature to ${stack.telemetry.udp}; the detector scores it when the flush window closes`);
          telemetry = await ensureDemoTelemetry(client, stack.telemetry.udp).catch((err: unknown) => {
            log.warn(`the demo telemetry could not be replayed: ${err instanceof Error ? err.message : String(err)}`);
            return undefined;
          });
          if (config.capacity.enabled && config.capacity.services['demo-service']) {
            log.step(`sending demo-service's 7 days of load to the telemetry store and planning its capacity (forecast on ${config.capacity.mlTaskQueue})`);
            const { ensureDemoCapacity } = await import('../../devstack/demo-capacity.js');
            const t = stack.telemetry;
            capacity = await ensureDemoCapacity(client, { udp: t.udp, metricsUrl: t.metrics, taskQueue: stack.taskQueue, mlTaskQueue: config.capacity.mlTaskQueue }).catch((err: unknown) => {
              log.warn(`the demo capacity plan could not be made: ${err instanceof Error ? err.message : String(err)}`);
              return undefined;
            });
          }
        }
      }
      inFlight = await runsInFlight(client, demo?.workflowId);
    }
    if (demo && connection) {
      const client = new Client({ connection, namespace: stack.namespace });
      // Progress of the demo run, with the command that unblocks each waiting step.
      void follow(client, demo.workflowId, (line) => ctx.print(`${pc.dim('  demo   │')} ${line.replace(/\n/g, `\n${pc.dim('  demo   │')} `)}`), {
        intervalMs: 1000,
        signal: following.signal,
        next,
      })
        .then((r) => r.state !== 'running' && ctx.print(`${pc.dim('  demo   │')} run ${r.state}${r.error ? `: ${r.error}` : ''}`))
        .catch((err: unknown) => !following.signal.aborted && log.warn(`stopped following the demo run: ${String(err)}`));
    }
    ctx.print(stackBanner({ stack, ...(demo ? { demo } : {}), ...(telemetry ? { telemetry } : {}), ...(capacity ? { capacity } : {}), inFlight, next }));
    const reason = await Promise.race([stopSignal.then(() => undefined), stack.workerGaveUp]);
    if (reason) {
      log.warn(`${reason}; stopping the stack (see the worker output above)`);
      exitCode = 1;
    }
  } catch (err) {
    log.warn(err instanceof Error ? err.message : String(err));
    exitCode = 1;
  } finally {
    following.abort();
    await connection?.close().catch(() => undefined);
    await stack.stop();
    unsubscribe();
  }
  const kept = stack.external ? '' : `; state kept in ${stack.stateDir}`;
  log.ok(exitCode === 0 ? `stopped cleanly${kept}` : 'stopped');
  return exitCode;
}
