/**
 * Text that people, runbooks, alerts and BMCs supply reaches the terminal
 * only as harmless characters: escape sequences (cursor moves, screen clears,
 * title and hyperlink OSCs), C0/C1 controls and bidi overrides show as
 * visible `\uXXXX` escapes, in every formatter and, as a last line of
 * defence, in whatever the real process writes.
 */
/* eslint-disable no-control-regex -- these tests are about control characters */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatStylish } from '../../cli/format/problems.js';
import { formatLogLine } from '../../cli/format/log-line.js';
import { checkProgressLine } from '../../cli/format/progress.js';
import { formatRuns } from '../../cli/format/runs.js';
import { safeFields, safeText, terminalSafe } from '../../cli/format/safe-text.js';
import { formatStatus, stepDetail } from '../../cli/format/status.js';
import { NextSteps } from '../../cli/next-steps.js';
import { processIO } from '../../cli/process-io.js';
import type { RunSummary } from '../../client/runs.js';
import type { RunbookStatus, StepStatus } from '../../workflows/messages.js';

/** A hostile string: clears the screen, sets the title, hides text, a C1 CSI, a fake line, a bidi override. */
const EVIL = 'ok\u001b[2J\u001b]0;pwned\u0007\u001b[8mhidden\u009b31m\r\nfake line\u202egnp.exe\u2066x\u0000\u007f';

/** SGR colour codes the formatters add themselves (picocolors), removed so only user text is left to inspect. */
const stripOwnColours = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

/** Every control, C1 and bidi character left in `text`, except `\n`. */
function unsafe(text: string): string[] {
  return [...text].filter((ch) => /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(ch));
}

describe('safeText', () => {
  it('writes every control and bidi character as a visible escape', () => {
    expect(safeText(EVIL)).toBe(
      'ok\\u001b[2J\\u001b]0;pwned\\u0007\\u001b[8mhidden\\u009b31m\\u000d\\u000afake line\\u202egnp.exe\\u2066x\\u0000\\u007f',
    );
  });

  it('keeps newlines and tabs in multiline text, never a carriage return', () => {
    expect(safeText('a\n\tb\rc', { multiline: true })).toBe('a\n\tb\\u000dc');
    expect(safeText('a\n\tb')).toBe('a\\u000a\\u0009b');
  });

  it('leaves ordinary text alone, accents, emoji and right-to-left letters included', () => {
    const text = 'Grüße 🚀 שלום — “quoted” `code`';
    expect(safeText(text)).toBe(text);
  });

  it('copies records with every string escaped, keys too, and other values as they are', () => {
    const when = new Date(0);
    expect(safeFields({ a: ['\u001b', 1, null], 'k\u202e': { b: true, when } })).toEqual({ a: ['\\u001b', 1, null], 'k\\u202e': { b: true, when } });
  });
});

describe('formatters escape what users supply', () => {
  const next = new NextSteps({ directory: { sre: ['alice'] }, me: 'alice' });

  const step = (over: Partial<StepStatus>): StepStatus => ({ id: 'drain', title: 'Drain', kind: 'action', state: 'succeeded', ...over });

  it('status: decision reasons, who decided, prompts, checklist items, errors and ids', () => {
    const status: RunbookStatus = {
      runbookId: `rb${EVIL}`,
      planHash: 'abcdef0123456789',
      state: 'running',
      currentStep: `gate${EVIL}`,
      outputs: {},
      error: `boom${EVIL}`,
      steps: [
        step({ decision: { decision: 'reject', by: `mallory${EVIL}`, reason: `because${EVIL}` } }),
        step({ id: `gate${EVIL}`, state: 'awaiting-approval', approvers: [`sre${EVIL}`], prompt: `Approve?${EVIL}` }),
        step({ id: 'tick', state: 'awaiting-checklist', kind: 'manual', checklist: [{ id: `item${EVIL}`, text: `Do it${EVIL}`, done: false }] }),
        step({ id: 'broken', state: 'failed', error: `bad${EVIL}` }),
      ],
    };
    const out = stripOwnColours(formatStatus(`wf${EVIL}`, status, 'awaiting-approval', next));
    expect(unsafe(out)).toEqual([]);
    expect(out).toContain('rejected by malloryok\\u001b[2J');
    expect(out).toContain('becauseok\\u001b[2J\\u001b]0;pwned\\u0007');
    expect(out).toContain('"Approve?ok\\u001b[2J');
    expect(out).toContain('Do itok\\u001b[2J');
    // The fake line stays on the real one.
    expect(out.split('\n').filter((line) => line.startsWith('fake line'))).toEqual([]);
    expect(unsafe(stripOwnColours(stepDetail(status.steps[0]!)))).toEqual([]);
  });

  it('run list, problems, the progress line and worker log lines', () => {
    const run = { workflowId: `wf${EVIL}`, state: 'running', runbookId: `rb${EVIL}`, incident: `inc${EVIL}`, inFlight: false, startTime: new Date(0) } as unknown as RunSummary;
    expect(unsafe(stripOwnColours(formatRuns([run], 60_000)))).toEqual([]);
    const problems = formatStylish([{ file: `page${EVIL}.md`, messages: [{ line: 1, column: 1, severity: 'error', ruleId: 'unknown-key', message: `Unexpected key \`${EVIL}\``, suggestions: [] }] }]);
    expect(unsafe(stripOwnColours(problems))).toEqual([]);
    expect(unsafe(checkProgressLine(1, 2, `dir/${EVIL}.md`, 200))).toEqual([]);
    const log = formatLogLine(JSON.stringify({ level: 30, time: 0, msg: `hello${EVIL}`, step: `s${EVIL}` }));
    expect(unsafe(stripOwnColours(log))).toEqual([]);
  });
});

describe('terminalSafe (what the real process writes)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("lets the CLI's own colours, line erasing and layout through", () => {
    const own = '\u001b[31m\u001b[1merror\u001b[22m\u001b[39m\n\tnext\r\u001b[Kchecking 1/2';
    expect(terminalSafe(own)).toBe(own);
  });

  it('escapes every other sequence and control, and a concealing style', () => {
    const out = terminalSafe(EVIL);
    expect(unsafe(out.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r/g, ''))).toEqual([]);
    expect(out).toContain('\\u001b[2J');
    expect(out).toContain('\\u001b]0;pwned\\u0007');
    expect(out).toContain('\\u001b[8m');
    expect(out).toContain('\\u009b31m');
    expect(out).toContain('\\u202e');
  });

  it('keeps JSON output valid and meaning the same', () => {
    const value = { reason: 'a\u202eb\u009bc\u2028d', by: 'ü' };
    expect(JSON.parse(terminalSafe(JSON.stringify(value)))).toEqual(value);
  });

  it('is applied to the real stdout and stderr', () => {
    const written: unknown[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => written.push(chunk) > 0);
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => written.push(chunk) > 0);
    const io = processIO();
    io.stdout.write(`out${EVIL}`);
    io.stderr.write(`err${EVIL}`);
    expect(written).toEqual([terminalSafe(`out${EVIL}`), terminalSafe(`err${EVIL}`)]);
    expect(String(written[0])).not.toContain('\u001b[2J');
    expect(io.stdout.isTTY).toBe(process.stdout.isTTY);
  });
});
