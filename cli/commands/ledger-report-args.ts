/** Parses `swaybot ledger report`'s options: the service and the window, with usage errors naming the option. */
import ms from 'ms';
import { CliError } from '../errors.js';
import { checkWindow, parseWhen } from '../time-range.js';

export interface ReportArgs {
  service: string;
  from: Date;
  to: Date;
}

/** `--to` defaults to now and `--from` to 30 days before `--to`; the window must not be empty. */
export function reportArgs(options: { service?: string; from?: string; to?: string }, now: Date): ReportArgs {
  const service = options.service?.trim();
  if (!service) throw new CliError('Missing --service, expected the service to report on, e.g. --service checkout', 2);
  const to = options.to === undefined ? now : parseWhen('to', options.to, now);
  const from = options.from === undefined ? new Date(to.getTime() - ms('30d')) : parseWhen('from', options.from, now);
  checkWindow(from, to);
  return { service, from, to };
}
