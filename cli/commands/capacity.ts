/**
 * `swaybot capacity forecast|plan|approve|reject|status|schedule`: load forecasts for users' own
 * CSVs, a service's plan (run as the capacity workflow when a stack runs, else computed here), the
 * approval, and the per-service Schedules. See docs/capacity.md.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ForecastOptions } from './capacity-forecast.js';
import type { PlanOptions } from './capacity-plan.js';

export function registerCapacity(program: Command, ctx: CliContext): void {
  const capacity = program.command('capacity').description('forecast load, plan replicas, approve and apply plans');
  capacity.exitOverride();
  capacity
    .command('forecast')
    .description('forecast timestamp,value CSVs (a file, or a folder searched for *.csv) and write p50/p90 per step')
    .argument('<csv|folder>', 'a CSV with timestamp and value columns, or a folder of them')
    .requiredOption('--out <folder>', 'writes <out>/<file>.csv with timestamp,point,p50,p90 and <out>/summary.json')
    .option('--horizon <steps>', 'steps to forecast (hours for hourly data; at most 168)', '48')
    .option('--season <steps>', 'seasonal period in steps (24 for hourly data)', '24')
    .addHelpText(
      'after',
      `
The same code path as the capacity workflow: each series is checked (timestamps strictly
increasing, equally spaced; up to 20 % missing steps are filled by interpolation and counted),
the models are backtested on the series' own history, and the best model or combination
forecasts. A bad file is reported as file:line and skipped; the command then exits 1.

Examples:
  swaybot capacity forecast requests.csv --out forecasts
  swaybot capacity forecast exports/ --out forecasts --horizon 24`,
    )
    .action(async (input: string, options: ForecastOptions) => {
      const { forecastAction } = await import('./capacity-forecast.js');
      await forecastAction(input, options, ctx);
    });
  capacity
    .command('plan')
    .description("plan a service's replicas for the next 48 h from its p90 forecast; prints the plan and writes its chart")
    .argument('<service>', 'a service of config capacity.services (default: demo-service)')
    .option('--chart <file.png>', 'where to write the chart (default: capacity-<service>.png)')
    .option('--local', 'compute here instead of running the capacity workflow (also the fallback when no Temporal server answers)')
    .option('--current <replicas>', 'with --local: what runs now, when the scaler cannot be asked')
    .option('--all', 'print every hour, not only the hours that change')
    .addHelpText(
      'after',
      `
With a Temporal server (npm start), this starts the capacity workflow for the service and shows
its plan once forecast: if the change needs approval, approve it with \`swaybot capacity approve
<service>\` or the Slack buttons. Without one (or with --local) the plan is computed here from the
same history, models and planner and nothing is applied.`,
    )
    .action(async (service: string, options: PlanOptions) => {
      const { planAction } = await import('./capacity-plan.js');
      await planAction(service, options, ctx);
    });
  for (const decision of ['approve', 'reject'] as const) {
    capacity
      .command(decision)
      .description(`${decision} a capacity plan waiting for approval (you must be in a group of capacity.approvers)`)
      .argument('<service|workflowId>', "a service (its newest run) or a run's workflow id")
      .option('--as <user>', 'approver id (default: $SWAYBOT_USER or your OS user name)')
      .option('--reason <text>', 'why; recorded with the decision and on the ledger')
      .action(async (target: string, options: { as?: string; reason?: string }) => {
        const { decideAction } = await import('./capacity-status.js');
        await decideAction(decision, target, options, ctx);
      });
  }
  capacity
    .command('status')
    .description("a capacity run's state, plan and decision")
    .argument('<service|workflowId>', "a service (its newest run) or a run's workflow id")
    .action(async (target: string) => {
      const { statusAction } = await import('./capacity-status.js');
      await statusAction(target, ctx);
    });
  capacity
    .command('schedule')
    .description('create (or bring up to date) the Schedule of every configured service, or of those named')
    .argument('[service...]', 'services (default: all of config capacity.services)')
    .action(async (services: string[]) => {
      const { scheduleAction } = await import('./capacity-status.js');
      await scheduleAction(services, ctx);
    });
}
