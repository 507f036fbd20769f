import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { EmbeddedLedger, type AvailabilityReport, type EventInput } from '../../ledger/index.js';
import { cliEnv } from './cli.js';
import { runInProcess } from './in-process.js';

const HOUR = 3_600_000;

const incident = (id: string, kind: 'opened' | 'acknowledged' | 'resolved', inc: string | undefined, time: string, service = 'checkout'): EventInput => ({
  id,
  type: `incident.${kind}`,
  subject: { kind: 'service', id: service },
  actor: kind === 'acknowledged' ? 'alice' : 'swaybot',
  time,
  payload: inc === undefined ? { title: 'lost its id' } : { incident: inc, title: `${inc} is down`, runbookId: 'restart', workflowId: id.split('/')[0]! },
});

/** A real ledger folder written through the library; the writer stays open (a running stack). */
async function writeLedger(events: EventInput[]): Promise<string> {
  const dir = join(mkdtempSync(join(tmpdir(), 'swaybot-cli-report-')), 'ledger');
  const writer = await EmbeddedLedger.open({ dir });
  onTestFinished(() => writer.close());
  for (const e of events) await writer.append(e);
  return dir;
}

const DAY_EVENTS = [
  incident('wf1/open/opened', 'opened', 'INC-1', '2026-10-31T23:00:00Z'),
  incident('wf1/page/acknowledged', 'acknowledged', 'INC-1', '2026-10-31T23:10:00Z'),
  incident('wf1/fix/resolved', 'resolved', 'INC-1', '2026-11-01T01:00:00Z'),
  incident('wf2/open/opened', 'opened', 'INC-2', '2026-11-01T00:30:00Z'),
  incident('wf2/fix/resolved', 'resolved', 'INC-2', '2026-11-01T02:00:00Z'),
  incident('wf3/open/opened', 'opened', 'INC-3', '2026-11-01T23:00:00Z'),
  incident('wf4/open/opened', 'opened', undefined, '2026-11-01T12:00:00Z'),
  incident('wf5/open/opened', 'opened', 'INC-5', '2026-11-01T05:00:00Z', 'billing'),
];
const WINDOW = ['--from', '2026-11-01T00:00:00Z', '--to', '2026-11-02T00:00:00Z'];

describe('swaybot ledger report', () => {
  it('prints availability, MTTA, MTTR and each incident with its event ids, beside a live writer', async () => {
    const dir = await writeLedger(DAY_EVENTS);
    const result = await runInProcess(['ledger', 'report', '--service', 'checkout', ...WINDOW, '--dir', dir], cliEnv());
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // Down: 00:00–02:00 (INC-1 clipped ∪ INC-2) + 23:00–24:00 (INC-3 still open) = 3h of 24h.
    expect(result.stdout).toMatch(/^availability\s+87\.5000%\s+\(down 3h of 1d; overlapping incidents count once\)$/m);
    expect(result.stdout).toMatch(/^incidents\s+3$/m);
    expect(result.stdout).toMatch(/^MTTA\s+10m\s+\(n=1 acknowledged\)$/m);
    expect(result.stdout).toMatch(/^MTTR\s+1h 45m\s+\(n=2 resolved\)$/m); // (2h + 1h30m) / 2
    expect(result.stdout).toMatch(/^ {2}acknowledged\s+2026-10-31T23:10:00Z\s+\(TTA 10m\)\s+wf1\/page\/acknowledged$/m);
    expect(result.stdout).toMatch(/^ {2}resolved\s+still open$/m);
    expect(result.stdout).toContain('skipped 1 event that could not be used');
    expect(result.stdout).toMatch(/wf4\/open\/opened\s+incident\.opened\s+2026-11-01T12:00:00Z\s+payload\.incident is missing/);
    expect(result.stdout).not.toContain('INC-5');
  });

  it('gives the same figures as JSON, each incident naming the events they come from', async () => {
    const dir = await writeLedger(DAY_EVENTS);
    const result = await runInProcess(['ledger', 'report', '--service', 'checkout', ...WINDOW, '--dir', dir, '--format', 'json'], cliEnv());
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as AvailabilityReport;
    expect(report).toMatchObject({
      service: 'checkout',
      windowMs: 24 * HOUR,
      downtimeMs: 3 * HOUR,
      availabilityPercent: 87.5,
      mtta: { meanMs: HOUR / 6, n: 1 },
      mttr: { meanMs: 1.75 * HOUR, n: 2 },
      skipped: [{ eventId: 'wf4/open/opened', reason: 'payload.incident is missing or not a non-empty string' }],
    });
    expect(report.incidents.map((i) => [i.incident, i.downtimeMs, i.eventIds])).toEqual([
      ['INC-1', HOUR, { opened: 'wf1/open/opened', acknowledged: 'wf1/page/acknowledged', resolved: 'wf1/fix/resolved', also: [] }],
      ['INC-2', 1.5 * HOUR, { opened: 'wf2/open/opened', resolved: 'wf2/fix/resolved', also: [] }],
      ['INC-3', HOUR, { opened: 'wf3/open/opened', also: [] }],
    ]);
    expect(report.incidents[0]).toMatchObject({ title: 'INC-1 is down', runbookIds: ['restart'], workflowIds: ['wf1'] });
  });

  it('takes times ago (24h) and defaults to the last 30 days; no incidents in the window is 100%', async () => {
    const now = Date.now();
    const ago = (h: number) => new Date(now - h * HOUR).toISOString();
    const dir = await writeLedger([
      incident('wf1/open/opened', 'opened', 'INC-1', ago(3)),
      incident('wf1/fix/resolved', 'resolved', 'INC-1', ago(2)),
      incident('wf0/open/opened', 'opened', 'INC-0', ago(40 * 24)),
      incident('wf0/fix/resolved', 'resolved', 'INC-0', ago(40 * 24 - 1)),
      incident('wf6/open/opened', 'opened', 'INC-6', ago(40 * 24), 'search'),
      incident('wf6/fix/resolved', 'resolved', 'INC-6', ago(40 * 24 - 1), 'search'),
    ]);
    const day = await runInProcess(['ledger', 'report', '--service', 'checkout', '--from', '24h', '--dir', dir, '--format', 'json'], cliEnv());
    expect(day.stderr).toBe('');
    expect(JSON.parse(day.stdout)).toMatchObject({ windowMs: 24 * HOUR, downtimeMs: HOUR, mttr: { meanMs: HOUR, n: 1 } });
    const month = JSON.parse((await runInProcess(['ledger', 'report', '--service', 'checkout', '--dir', dir, '--format', 'json'], cliEnv())).stdout) as AvailabilityReport;
    expect(month.windowMs).toBe(30 * 24 * HOUR);
    expect(month.incidents.map((i) => i.incident)).toEqual(['INC-1']);
    const quiet = await runInProcess(['ledger', 'report', '--service', 'search', '--from', '7d', '--dir', dir], cliEnv());
    expect(quiet.stdout).toMatch(/^availability\s+100%/m);
    expect(quiet.stdout).toMatch(/^MTTA\s+n\/a\s+\(n=0 acknowledged\)$/m);
  });

  it('says the ledger holds nothing for a service it does not know, listing the ones it does, exit 1', async () => {
    const dir = await writeLedger(DAY_EVENTS);
    for (const format of ['text', 'json']) {
      const typo = await runInProcess(['ledger', 'report', '--service', 'chekout', '--dir', dir, '--format', format, ...WINDOW], cliEnv());
      expect(typo.code).toBe(1);
      expect(typo.stdout).toBe('');
      expect(typo.stderr).toContain(`No events for service \`chekout\` in ledger ${dir}; services in this ledger: billing, checkout`);
      expect(typo.stderr).not.toMatch(/availability|100%/);
    }
    const none = await runInProcess(['ledger', 'report', '--service', 'checkout', '--dir', await writeLedger([]), '--from', '1h'], cliEnv());
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/No events for service `checkout` in ledger .*; it holds no service events yet/);
  });

  /** Runs each case against one empty ledger; each must be a usage error naming its option. */
  async function expectUsageErrors(cases: [string[], RegExp][]): Promise<void> {
    const dir = await writeLedger([]);
    const env = cliEnv();
    for (const [args, message] of cases) {
      const result = await runInProcess(['ledger', 'report', '--dir', dir, ...args], env);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
    }
  }

  it('refuses a time it cannot read with exit 2, naming the option', async () => {
    await expectUsageErrors([
      [['--service', 'checkout', '--from', 'yesterday'], /Unexpected --from `yesterday`, expected an ISO instant .* or a time ago such as 7d/],
      [['--service', 'checkout', '--to', '100'], /Unexpected --to `100`/],
    ]);
  });

  it('refuses an empty window, an unknown format and a missing service with exit 2', async () => {
    await expectUsageErrors([
      [['--service', 'checkout', '--from', '2026-11-02T00:00:00Z', '--to', '2026-11-01T00:00:00Z'], /--from \(2026-11-02T00:00:00\.000Z\) must be before --to/],
      [['--service', 'checkout', '--format', 'xml'], /Unexpected --format `xml`, expected text or json/],
      [[], /Missing --service, expected the service to report on/],
    ]);
  });
});
