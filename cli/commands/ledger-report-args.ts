/** Parses `swaybot ledger report`'s options: the service and the window, with usage errors naming the option. */
import ms, { type StringValue } from 'ms';
import { CliError } from '../errors.js';

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const EXAMPLES = 'an ISO instant such as 2026-11-01T00:00:00Z, or a time ago such as 7d, 24h or 90m';

/**
 * An option's time: an ISO instant, or a duration with a unit (`7d`, `24h`, `90m`) meaning that
 * long before `now`. A bare number is refused: its unit would be a guess.
 */
export function parseWhen(option: string, value: string, now: Date): Date {
  const text = value.trim();
  if (ISO.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return new Date(at);
  } else if (/^\d+(\.\d+)?\s*[a-z]+$/i.test(text)) {
    const ago = ms(text as StringValue) as number | undefined;
    if (ago !== undefined && Number.isFinite(ago)) return new Date(now.getTime() - ago);
  }
  throw new CliError(`Unexpected --${option} \`${value}\`, expected ${EXAMPLES}`, 2);
}

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
  if (from.getTime() >= to.getTime()) {
    throw new CliError(`Unexpected window: --from (${from.toISOString()}) must be before --to (${to.toISOString()})`, 2);
  }
  return { service, from, to };
}
