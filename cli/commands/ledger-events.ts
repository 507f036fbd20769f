/** `swaybot ledger events`: committed events filtered by subject, type and time, as a table or JSON. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { checkFormat, openLedger } from './ledger-open.js';
import { formatEvents } from '../format/ledger.js';
import type { LedgerQuery } from '../../ledger/index.js';

interface EventsOptions {
  dir?: string;
  subject?: string;
  type?: string;
  from?: string;
  to?: string;
  limit?: string;
  format: string;
}

const SUBJECT_KINDS = ['incident', 'host', 'service', 'runbook'];

/** Turns the options into a ledger query; each bad value is a usage error naming the option. */
export function toQuery(options: EventsOptions): LedgerQuery {
  const query: LedgerQuery = {};
  if (options.subject !== undefined) {
    const at = options.subject.indexOf(':');
    const kind = options.subject.slice(0, at);
    const id = options.subject.slice(at + 1);
    if (at < 1 || id === '' || !SUBJECT_KINDS.includes(kind)) {
      throw new CliError(`Unexpected --subject \`${options.subject}\`, expected kind:id with kind one of ${SUBJECT_KINDS.join(', ')}`, 2);
    }
    query.subject = { kind: kind as 'incident', id };
  }
  if (options.type !== undefined) query.type = options.type;
  for (const key of ['from', 'to'] as const) {
    const value = options[key];
    if (value === undefined) continue;
    if (Number.isNaN(Date.parse(value))) throw new CliError(`Unexpected --${key} \`${value}\`, expected an ISO date-time such as 2026-11-22T10:00:00Z`, 2);
    query[key] = value;
  }
  if (options.limit !== undefined) {
    const limit = Number(options.limit);
    if (!/^\d+$/.test(options.limit) || limit < 1) throw new CliError(`Unexpected --limit \`${options.limit}\`, expected a positive whole number`, 2);
    query.limit = limit;
  }
  return query;
}

export function registerLedgerEvents(ledger: Command, ctx: CliContext): void {
  ledger
    .command('events')
    .description('list committed events by time; filters combine with AND')
    .option('--subject <kind:id>', 'only events about this subject, e.g. service:checkout')
    .option('--type <type>', 'only events of this type, e.g. runbook.step.approved')
    .option('--from <iso>', 'events at or after this time')
    .option('--to <iso>', 'events before this time')
    .option('--limit <n>', 'at most n events')
    .option('--dir <folder>', 'ledger folder (default: ledger.dir from the configuration)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: EventsOptions) => {
      const format = checkFormat(options.format);
      const query = toQuery(options);
      const { ledger: opened } = await openLedger(options.dir, ctx.io.env);
      try {
        const events = await opened.query(query);
        if (format === 'json') ctx.io.stdout.write(JSON.stringify(events, null, 2) + '\n');
        else ctx.io.stdout.write(formatEvents(events) + '\n');
      } finally {
        await opened.close();
      }
    });
}
