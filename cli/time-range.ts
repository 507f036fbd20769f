/**
 * The one reader of `--from` and `--to`, for every command that takes them: an ISO date-time,
 * `now`, or a duration with a unit (`30m`, `1h`, `7d`) meaning that long before now. Bad values
 * are usage errors (exit 2) that name the option and show what it takes.
 */
import ms, { type StringValue } from 'ms';
import { CliError } from './errors.js';

/** A date, or a date-time with an optional offset (none: local time, as `Date.parse` reads it). */
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;
/** A number and a unit word; `ms` decides whether it knows the unit. */
const AGO = /^\d+(\.\d+)?\s*[a-z]+$/i;

/** What `--from` and `--to` take, for help texts and errors. */
export const WHEN_EXAMPLES = 'an ISO instant such as 2026-11-01T00:00:00Z, now, or a time ago such as 7d, 24h or 30m';

/**
 * The time an option names. A bare number is refused: its unit would be a guess.
 * Throws a usage error naming `--<option>`.
 */
export function parseWhen(option: string, value: string, now: Date): Date {
  const text = value.trim();
  if (text.toLowerCase() === 'now') return new Date(now.getTime());
  if (ISO.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) return new Date(at);
  } else if (AGO.test(text)) {
    const ago = ms(text as StringValue) as number | undefined;
    if (ago !== undefined && Number.isFinite(ago)) return new Date(now.getTime() - ago);
  }
  throw new CliError(`Unexpected --${option} \`${value}\`, expected ${WHEN_EXAMPLES}`, 2);
}

/** A window must not be empty: `from` strictly before `to`, else a usage error naming both. */
export function checkWindow(from: Date, to: Date): void {
  if (from.getTime() >= to.getTime()) {
    throw new CliError(`Unexpected window: --from (${from.toISOString()}) must be before --to (${to.toISOString()})`, 2);
  }
}

/** `--from` and `--to` where both are optional (no defaults); checked as a window when both are given. */
export function optionalRange(options: { from?: string | undefined; to?: string | undefined }, now: Date): { from?: Date; to?: Date } {
  const from = options.from === undefined ? undefined : parseWhen('from', options.from, now);
  const to = options.to === undefined ? undefined : parseWhen('to', options.to, now);
  if (from && to) checkWindow(from, to);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
