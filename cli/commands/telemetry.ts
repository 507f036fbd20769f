/**
 * `swaybot telemetry detect|replay`: the anomaly detector over recorded series, offline
 * (`detect`: CSVs in, NAB's results layout out) and live (`replay`: a CSV sent as DogStatsD
 * gauges to the telemetry daemon that `swaybot up` runs). See docs/telemetry.md and docs/cli.md.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { collectParam } from '../params.js';
import type { DetectOptions } from './telemetry-detect.js';
import type { ReplayOptions } from './telemetry-replay.js';

export function registerTelemetry(program: Command, ctx: CliContext): void {
  const telemetry = program.command('telemetry').description('score recorded series with the anomaly detector, or replay them into the telemetry daemon');
  telemetry.exitOverride();
  telemetry
    .command('detect')
    .description('score timestamp,value CSVs (a file, or a folder searched for *.csv) and write NAB-style results')
    .argument('<csv|folder>', 'a CSV with timestamp and value columns, or a folder of them (searched recursively)')
    .requiredOption('--out <folder>', 'results root: writes <out>/<detector>/<category>/<detector>_<file>.csv')
    .option('--detector-name <name>', 'the detector folder and file prefix in the results', 'swaybot')
    .option('--threshold <score>', 'a score at or above this counts as a detection in the summary', '0.5')
    .addHelpText(
      'after',
      `
Each file gets a fresh detector and is scored point by point in file order, with no look-ahead,
as the NAB runner does. The category is the file's folder relative to the input folder (for a
single file, its folder's name). Output columns: timestamp,value,anomaly_score,label (label 0).
Timestamps: YYYY-MM-DD HH:MM:SS (UTC, NAB's), ISO 8601, or unix seconds or milliseconds.
A file that cannot be read is reported as file:line and skipped; the command then exits 1.

Examples:
  swaybot telemetry detect ../shared/data/nab/data --out results
  swaybot telemetry detect cpu.csv --out results --detector-name mine --threshold 0.7`,
    )
    .action(async (input: string, options: DetectOptions) => {
      const { detectAction } = await import('./telemetry-detect.js');
      await detectAction(input, options, ctx);
    });
  telemetry
    .command('replay')
    .description('send a timestamp,value CSV as DogStatsD gauges (|T timestamps ending now) to the telemetry daemon')
    .argument('<csv>', 'a CSV with timestamp and value columns')
    .option('--speed <Nx|max>', 'pace: N times real time (1000x sends 5-minute points every 0.3 s), or max (20,000 points/s)', 'max')
    .option('--to <udp://host:port>', "the daemon (default: the running stack's, from <stateDir>/stack.json, else udp://127.0.0.1:<telemetry.port>)")
    .option('--name <metric>', 'metric name (default: nab.<file name>)')
    .option('--tag <key=value>', 'a DogStatsD tag (repeatable; default service=<file name in kebab case>)', collectParam, [])
    .option('--from <row>', 'first data row to send (1: the first point)', '1')
    .option('--limit <rows>', 'send at most this many rows')
    .addHelpText(
      'after',
      `
One line per point, name:value|g|#tags|T<unix seconds>, several per UDP packet (at most 1,400
bytes). Timestamps are shifted so the last point sent is now; the daemon scores each point as its
own window when its flush window closes, so the pace changes how long it takes, not what it finds.
An anomaly opens an incident of the \`service\` tag's service (swaybot incident list).

Examples:
  swaybot telemetry replay ../shared/data/nab/data/realKnownCause/machine_temperature_system_failure.csv
  swaybot telemetry replay cpu.csv --speed 1000x --name web.cpu --tag service=web --tag host=web-1
  swaybot telemetry replay cpu.csv --to udp://10.0.0.5:8125 --from 2000 --limit 500`,
    )
    .action(async (file: string, options: ReplayOptions) => {
      const { replayAction } = await import('./telemetry-replay.js');
      await replayAction(file, options, ctx);
    });
  for (const command of telemetry.commands) command.exitOverride();
}
