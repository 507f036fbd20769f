/** `swaybot ledger events`: committed events filtered by subject, type and time, as a table or JSON. */
import type { Command } from 'commander';
import pc from 'picocolors';
import type { CliContext } from '../context.js';
import { CliError } from '../errors.js';
import { optionalRange, WHEN_EXAMPLES } from '../time-range.js';
import { checkFormat, openReader } from './ledger-open.js';
import { formatEvents } from '../format/ledger.js';
import type { Ledger, LedgerEvent, LedgerQuery, Subject } from '../../ledger/index.js';

interface EventsOptions {
  dir?: string;
  subject?: string;
  type?: string;
  from?: string;
  to?: string;
  limit?: string;
  format: string;
}

const SUBJECT_KINDS: readonly Subject['kind'][] = ['incident', 'host', 'service', 'runbook'];

/** Turns the options into a ledger query; each bad value is a usage error naming the option. */
export function toQuery(options: EventsOptions, now: Date): LedgerQuery {
  const query: LedgerQuery = {};
  if (options.subject !== undefined) {
    const at = options.subject.indexOf(':');
    const kind = options.subject.slice(0, at) as Subject['kind'];
    const id = options.subject.slice(at + 1);
    if (at < 1 || id === '' || !SUBJECT_KINDS.includes(kind)) {
      throw new CliError(`Unexpected --subject \`${options.subject}\`, expected kind:id with kind one of ${SUBJECT_KINDS.join(', ')}`, 2);
    }
    query.subject = { kind, id };
  }
  if (options.type !== undefined) query.type = options.type;
  const { from, to } = optionalRange(options, now);
  if (from) query.from = from.toISOString();
  if (to) query.to = to.toISOString();
  if (options.limit !== undefined) {
    const limit = Number(options.limit);
    if (!/^\d+$/.test(options.limit) || limit < 1) throw new CliError(`Unexpected --limit \`${options.limit}\`, expected a positive whole number`, 2);
    query.limit = limit;
  }
  return query;
}

/**
 * A run's events have the run (its workflow id) as subject and the runbook id in their payload,
 * so `runbook:<id>` matches either: one run by its workflow id, or every run of a runbook.
 */
const ofRunbook = (id: string) => (e: LedgerEvent): boolean =>
  e.subject.kind === 'runbook' && (e.subject.id === id || (e.payload as { runbookId?: unknown } | undefined)?.runbookId === id);

/** Runs `query`, widening a `runbook:` subject to the runbook id as above; order and limit as the ledger's. */
export async function findEvents(ledger: Pick<Ledger, 'query'>, query: LedgerQuery): Promise<LedgerEvent[]> {
  if (query.subject?.kind !== 'runbook') return ledger.query(query);
  const { subject, limit, ...rest } = query;
  const hits = (await ledger.query(rest)).filter(ofRunbook(subject.id));
  return limit === undefined ? hits : hits.slice(0, limit);
}

export function registerLedgerEvents(ledger: Command, ctx: CliContext): void {
  ledger
    .command('events')
    .description('list committed events by time; filters combine with AND')
    .option('--subject <kind:id>', 'only events about this subject: service:<name>, host:<name>, incident:<id>, runbook:<workflow id or runbook id>')
    .option('--type <type>', 'only events of this type, e.g. runbook.step.approved or host.power.changed')
    .option('--from <when>', `events at or after this time: ${WHEN_EXAMPLES}`)
    .option('--to <when>', 'events before this time (same forms as --from)')
    .option('--limit <n>', 'at most n events')
    .option('--dir <folder>', 'ledger folder (default: ledger.dir from the configuration)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: EventsOptions) => {
      const format = checkFormat(options.format);
      const query = toQuery(options, new Date());
      const { ledger: opened, dir, backend } = await openReader(options.dir, ctx.io.env);
      try {
        const events = await findEvents(opened, query);
        if (format === 'json') ctx.io.stdout.write(JSON.stringify(events, null, 2) + '\n');
        else ctx.io.stdout.write((backend === 'fabric' ? `${pc.dim(`from ${dir}`)}\n` : '') + formatEvents(events) + '\n');
      } finally {
        await opened.close();
      }
    });
}
