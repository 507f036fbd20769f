/** `swaybot ledger report`: availability, incidents, MTTA and MTTR of one service over a window. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { WHEN_EXAMPLES } from '../time-range.js';
import { checkFormat, openReader } from './ledger-open.js';
import { reportArgs } from './ledger-report-args.js';
import { formatReport } from '../format/ledger-report.js';
import type { Ledger } from '../../ledger/index.js';

interface ReportOptions {
  service?: string;
  from?: string;
  to?: string;
  dir?: string;
  format: string;
}

export function registerLedgerReport(ledger: Command, ctx: CliContext): void {
  ledger
    .command('report')
    .description('availability %, incidents, MTTA and MTTR of a service over a window, with the events behind each figure')
    .option('--service <service>', 'the service (subject service:<service> of incident.* events)')
    .option('--from <when>', `window start: ${WHEN_EXAMPLES}; default 30d before --to`)
    .option('--to <when>', 'window end (exclusive), same forms as --from; default now')
    .option('--dir <folder>', 'ledger folder (default: ledger.dir from the configuration)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: ReportOptions) => {
      const format = checkFormat(options.format);
      const now = new Date();
      const { service, from, to } = reportArgs(options, now);
      const { ledger: opened, dir } = await openReader(options.dir, ctx.io.env);
      try {
        await checkKnown(opened, service, dir);
        const { availabilityReport } = await import('../../ledger/index.js');
        // Everything about the service up to `to`: incidents opened before `from` still count.
        const events = await opened.query({ subject: { kind: 'service', id: service }, to: to.toISOString() });
        const report = availabilityReport(events, service, { from, to, now });
        if (format === 'json') ctx.io.stdout.write(JSON.stringify({ dir, ...report }, null, 2) + '\n');
        else ctx.io.stdout.write(formatReport(report) + '\n');
      } finally {
        await opened.close();
      }
    });
}

/**
 * A service the ledger holds no event for is most likely a typo: reporting it as 100% available
 * would be a confident wrong answer, so it is an error (exit 1) listing the services it does hold.
 */
async function checkKnown(ledger: Pick<Ledger, 'query'>, service: string, dir: string): Promise<void> {
  if ((await ledger.query({ subject: { kind: 'service', id: service }, limit: 1 })).length > 0) return;
  const services = [...new Set((await ledger.query()).flatMap((e) => (e.subject.kind === 'service' ? [e.subject.id] : [])))].sort();
  const held = services.length > 0 ? `services in this ledger: ${services.join(', ')}` : 'it holds no service events yet (incident events name their service)';
  throw new CliError(`No events for service \`${service}\` in ledger ${dir}; ${held}`, 1);
}
