import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatLogLine as coloured } from '../../cli/format/log-line.js';

// picocolors colours output under CI=true even without a TTY: compare the text only.
const formatLogLine = (line: string): string => stripVTControlCharacters(coloured(line));
describe('worker log lines in `swaybot up`', () => {
  it('turns a pino JSON record into time, level, message and the useful fields', () => {
    const line = JSON.stringify({ level: 40, time: Date.UTC(2026, 0, 2, 12, 4, 31), pid: 1, hostname: 'h', name: 'swaybot-activities', msg: 'service is degraded', step: 'record-the-health', queue: 3 });
    expect(formatLogLine(line)).toBe('12:04:31 warn  service is degraded  step=record-the-health queue=3');
  });

  it('passes other lines through unchanged, including JSON that is not a log record', () => {
    expect(formatLogLine('worker ready (task queue swaybot-ops)')).toBe('worker ready (task queue swaybot-ops)');
    expect(formatLogLine('{"not":"a record"}')).toBe('{"not":"a record"}');
    expect(formatLogLine('{broken')).toBe('{broken');
  });
});
