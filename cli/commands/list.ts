/** `swaybot runbook list`: runbook runs, newest first, with what each waits for; `--waiting-for-me` finds your work. */
import type { Command } from 'commander';
import type { ListState } from '../../client/runs.js';
import { closest } from 'fastest-levenshtein';
import { CliError } from '../errors.js';
import { nextStepsFor } from '../next-steps.js';
import type { CliContext } from '../context.js';
import { currentUser } from '../user.js';

interface ListOptions {
  state?: string;
  waitingForMe?: boolean;
  limit: string;
  format: string;
}

/** `LIST_STATES` of client/runs.ts, spelled here so `--help` loads no Temporal client (its type checks each one). */
const STATES: readonly ListState[] = ['running', 'awaiting-approval', 'awaiting-checklist', 'compensating', 'succeeded', 'failed', 'cancelled', 'terminated', 'timed-out'];
const isState = (value: string): value is ListState => (STATES as readonly string[]).includes(value);

function parseState(value: string): ListState {
  if (isState(value)) return value;
  throw new CliError(`Unexpected --state \`${value}\`, expected one of ${STATES.join(', ')} (did you mean \`${closest(value, [...STATES])}\`?)`, 2);
}

export function registerList(runbook: Command, ctx: CliContext): void {
  runbook
    .command('list')
    .description('list runs, newest first: state, runbook, incident, what each waits for, age')
    .option('--state <state>', `only runs in this state: ${STATES.join(', ')}`)
    .option('--waiting-for-me', 'only runs waiting on an approval you may give, or on a checklist (with the commands to do it)')
    .option('--limit <n>', 'at most this many runs', '50')
    .option('--format <format>', 'text or json', 'text')
    .action(async (options: ListOptions) => {
      const state = options.state === undefined ? undefined : parseState(options.state);
      const limit = Number(options.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError(`Unexpected --limit \`${options.limit}\`, expected a whole number of runs, 1 or more`, 2);
      if (options.format !== 'text' && options.format !== 'json') throw new CliError(`Unexpected --format \`${options.format}\`, expected text or json`, 2);
      const [{ listRuns, waitsFor }, { formatRuns }, { connectClient, resolveTarget }] = await Promise.all([
        import('../../client/runs.js'),
        import('../format/runs.js'),
        import('../connect.js'),
      ]);
      const target = resolveTarget(ctx.globals(), ctx.io.env);
      const me = currentUser(undefined, ctx.io.env);
      const { client, close } = await connectClient(target);
      try {
        const all = await listRuns(client, {
          ...(state !== undefined ? { state } : {}),
          ...(options.waitingForMe ? { inFlight: true } : {}),
          limit,
        });
        const runs = options.waitingForMe ? all.filter((r) => r.status !== undefined && waitsFor(r.status, me, target.config.groups)) : all;
        if (options.format === 'json') {
          ctx.print(JSON.stringify(runs, null, 2));
          return;
        }
        if (runs.length === 0) {
          ctx.print(options.waitingForMe ? `Nothing waits for ${me}.` : `No runs${state ? ` in state ${state}` : ''} on ${target.address} (namespace ${target.namespace}).`);
          return;
        }
        ctx.print(formatRuns(runs));
        if (options.waitingForMe) {
          const next = nextStepsFor(target.config.groups, ctx.io.env);
          const lines = runs.flatMap((r) => r.status?.steps.flatMap((s) => next.forStep(r.workflowId, s)) ?? []);
          if (lines.length > 0) ctx.print(['', 'Next:', ...lines.map((l) => `  ${l}`)].join('\n'));
        }
      } finally {
        await close();
      }
    });
}
