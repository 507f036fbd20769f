import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/errors.js';
import { optionalRange, parseWhen } from '../../cli/time-range.js';

const NOW = new Date('2026-11-22T12:00:00.000Z');
const at = (option: string, value: string) => parseWhen(option, value, NOW).toISOString();

/** The usage error a bad value gives: exit 2 and its message. */
function usageError(fn: () => unknown): { exitCode: number; message: string } {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(CliError);
    return { exitCode: (err as CliError).exitCode, message: (err as CliError).message };
  }
  throw new Error('expected a usage error');
}

describe('time range (--from / --to of every command)', () => {
  it('reads ISO date-times, dates, now, and durations ago', () => {
    expect(at('from', '2026-11-01T00:00:00Z')).toBe('2026-11-01T00:00:00.000Z');
    expect(at('from', '2026-11-01T01:30:00+01:00')).toBe('2026-11-01T00:30:00.000Z');
    expect(at('from', '2026-11-01')).toBe('2026-11-01T00:00:00.000Z');
    expect(at('to', 'now')).toBe(NOW.toISOString());
    expect(at('from', '30m')).toBe('2026-11-22T11:30:00.000Z');
    expect(at('from', '1h')).toBe('2026-11-22T11:00:00.000Z');
    expect(at('from', ' 7d ')).toBe('2026-11-15T12:00:00.000Z');
  });

  it('refuses what it cannot read with a usage error naming the option and the accepted forms', () => {
    for (const [option, value] of [['from', 'yesterday'], ['to', '100'], ['from', '5 parsecs'], ['from', '2026-13-45T00:00:00Z'], ['to', '']]) {
      const error = usageError(() => parseWhen(option!, value!, NOW));
      expect(error.exitCode).toBe(2);
      expect(error.message).toBe(`Unexpected --${option} \`${value}\`, expected an ISO instant such as 2026-11-01T00:00:00Z, now, or a time ago such as 7d, 24h or 30m`);
    }
  });

  it('leaves out what is not given and refuses an empty window', () => {
    expect(optionalRange({}, NOW)).toEqual({});
    expect(optionalRange({ from: '2h' }, NOW)).toEqual({ from: new Date('2026-11-22T10:00:00.000Z') });
    expect(optionalRange({ from: '2h', to: '1h' }, NOW)).toEqual({ from: new Date('2026-11-22T10:00:00.000Z'), to: new Date('2026-11-22T11:00:00.000Z') });
    const empty = usageError(() => optionalRange({ from: '1h', to: '2h' }, NOW));
    expect(empty).toEqual({ exitCode: 2, message: 'Unexpected window: --from (2026-11-22T11:00:00.000Z) must be before --to (2026-11-22T10:00:00.000Z)' });
  });
});
