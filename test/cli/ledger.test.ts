import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { EmbeddedLedger, type EventInput } from '../../ledger/index.js';
import { cliEnv } from './cli.js';
import { runInProcess } from './in-process.js';

const event = (id: string, type: string, subject: string, actor: string, time: string): EventInput => {
  const [kind, sid] = subject.split(':') as ['service', string];
  return { id, type, subject: { kind, id: sid }, actor, time, payload: { note: id } };
};

const EVENTS = [
  event('wf/drain/started', 'runbook.step.started', 'service:checkout', 'swaybot', '2026-11-22T10:01:00Z'),
  event('wf/drain/approved', 'runbook.step.approved', 'service:checkout', 'alice', '2026-11-22T10:02:00Z'),
  event('wf/restart/started', 'runbook.step.started', 'service:checkout', 'swaybot', '2026-11-22T10:03:00Z'),
  event('wf2/check/started', 'runbook.step.started', 'host:db-1', 'swaybot', '2026-11-22T10:04:00Z'),
];

/** A ledger written with the library: three events in one batch, then one more batch. */
async function makeLedger(dir = join(mkdtempSync(join(tmpdir(), 'swaybot-cli-ledger-')), 'ledger')): Promise<string> {
  const ledger = await EmbeddedLedger.open({ dir });
  await Promise.all(EVENTS.slice(0, 3).map((e) => ledger.append(e)));
  await ledger.append(EVENTS[3]!);
  await ledger.close();
  return dir;
}

const segment = (dir: string) => join(dir, 'segment-000001.log');

describe('swaybot ledger verify', () => {
  it('passes a healthy ledger with exit 0 and counts what it checked', async () => {
    const dir = await makeLedger();
    const result = await runInProcess(['ledger', 'verify', '--dir', dir], cliEnv());
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(`✔ ledger ${dir} OK: 6 records, 4 events, 2 batches checked`);
    expect(result.code).toBe(0);
  });

  it('finds a flipped byte, names the record (segment, offset, event id) and exits 1', async () => {
    const dir = await makeLedger();
    const bytes = readFileSync(segment(dir));
    const at = bytes.indexOf('"alice"') + 5;
    bytes[at] = 'f'.charCodeAt(0); // "alice" → "alicf": a committed field changed after writing
    writeFileSync(segment(dir), bytes);
    const result = await runInProcess(['ledger', 'verify', '--dir', dir], cliEnv());
    expect(result.code).toBe(1);
    const line = result.stdout.split('\n').find((l) => l.includes('event wf/drain/approved')) ?? '';
    expect(line).toMatch(/segment-000001\.log:\d+\s+seq 1\s+batch 1\s+event wf\/drain\/approved\s+record hash does not match/);
    expect(result.stdout).toMatch(/✖ ledger .*: \d+ problems/);

    const json = await runInProcess(['ledger', 'verify', '--dir', dir, '--format', 'json'], cliEnv());
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { ok: boolean; problems: { eventId?: string; segment: string }[] };
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(expect.objectContaining({ eventId: 'wf/drain/approved', segment: 'segment-000001.log' }));
  });

  it('shows bytes after the last commit record as not committed yet, cuts nothing, and verifies the rest', async () => {
    const dir = await makeLedger();
    appendFileSync(segment(dir), '000000ff {"batch":3,"eve');
    const before = readFileSync(segment(dir));
    const result = await runInProcess(['ledger', 'verify', '--dir', dir], cliEnv());
    expect(result.stdout).toMatch(/… 24 bytes after the last commit record at segment-000001\.log:\d+ not committed yet \(0 events\)/);
    expect(result.stdout).toContain('OK: 6 records, 4 events, 2 batches checked');
    expect(result.code).toBe(0);
    expect(readFileSync(segment(dir)).equals(before)).toBe(true);

    const json = await runInProcess(['ledger', 'verify', '--dir', dir, '--format', 'json'], cliEnv());
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, events: 4, uncommitted: { bytes: 24, eventIds: [] } });
  });

  it('verifies, lists and proves a ledger while a running writer holds it, leaving its lock alone', async () => {
    const dir = await makeLedger();
    const writer = await EmbeddedLedger.open({ dir });
    try {
      const lock = readFileSync(join(dir, 'LOCK'), 'utf8');
      expect(JSON.parse(lock)).toMatchObject({ pid: process.pid, host: hostname() });
      const verify = await runInProcess(['ledger', 'verify', '--dir', dir], cliEnv());
      expect(verify.stderr).toBe('');
      expect(verify.stdout).toContain('OK: 6 records, 4 events, 2 batches checked');
      expect(verify.code).toBe(0);
      await writer.append(event('wf3/page/started', 'runbook.step.started', 'service:checkout', 'swaybot', '2026-11-22T10:05:00Z'));
      const events = await runInProcess(['ledger', 'events', '--dir', dir, '--format', 'json'], cliEnv());
      expect((JSON.parse(events.stdout) as { id: string }[]).map((e) => e.id)).toContain('wf3/page/started');
      const prove = await runInProcess(['ledger', 'prove', 'wf3/page/started', '--dir', dir], cliEnv());
      expect(prove.stdout).toMatch(/✔ proof verifies against batch 3/);
      expect(readFileSync(join(dir, 'LOCK'), 'utf8')).toBe(lock);
    } finally {
      await writer.close();
    }
  });

  it('uses ledger.dir under stateDir from the configuration when --dir is left out', async () => {
    const env = cliEnv();
    await makeLedger(join(dirname(env['SWAYBOT_CONFIG']!), 'state', 'ledger'));
    const result = await runInProcess(['ledger', 'verify'], env);
    expect(result.stdout).toContain('OK: 6 records, 4 events, 2 batches checked');
    expect(result.code).toBe(0);
  });

  it('says so when the folder does not exist instead of creating an empty ledger', async () => {
    const result = await runInProcess(['ledger', 'verify', '--dir', join(tmpdir(), 'no-such-swaybot-ledger')], cliEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('the folder does not exist');
  });
});

describe('swaybot ledger prove', () => {
  it('prints the event, its batch, root and path, and a proof that verifies', async () => {
    const dir = await makeLedger();
    const result = await runInProcess(['ledger', 'prove', 'wf/drain/approved', '--dir', dir], cliEnv());
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^event\s+wf\/drain\/approved$/m);
    expect(result.stdout).toMatch(/^actor\s+alice$/m);
    expect(result.stdout).toMatch(/^batch\s+1\s+index 1 of 3$/m);
    const root = /^root\s+([0-9a-f]{64})$/m.exec(result.stdout)?.[1];
    expect(root).toBeDefined();
    expect(result.stdout).toContain(`✔ proof verifies against batch 1 root ${root}`);

    const json = await runInProcess(['ledger', 'prove', 'wf/drain/approved', '--dir', dir, '--format', 'json'], cliEnv());
    const proof = JSON.parse(json.stdout) as { verified: boolean; proof: { root: string; path: string[] }; event: { id: string } };
    expect(proof).toMatchObject({ verified: true, event: { id: 'wf/drain/approved' }, proof: { root } });
    expect(proof.proof.path).toHaveLength(2);
  });

  it('rejects an unknown event id with exit 1 and a clear message', async () => {
    const dir = await makeLedger();
    const result = await runInProcess(['ledger', 'prove', 'wf/nope/started', '--dir', dir], cliEnv());
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No committed event with id `wf/nope/started`');
  });
});

describe('swaybot ledger events', () => {
  const ids = (stdout: string) => (JSON.parse(stdout) as { id: string }[]).map((e) => e.id);

  it('lists every event as a table, oldest first', async () => {
    const dir = await makeLedger();
    const result = await runInProcess(['ledger', 'events', '--dir', dir], cliEnv());
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^TIME\s+TYPE\s+SUBJECT\s+ACTOR\s+ID$/);
    expect(lines[2]).toMatch(/^2026-11-22T10:02:00Z\s+runbook\.step\.approved\s+service:checkout\s+alice\s+wf\/drain\/approved$/);
    expect(lines.at(-1)).toBe('4 events');
  });

  it('filters by subject, type and time range', async () => {
    const dir = await makeLedger();
    const env = cliEnv();
    const bySubject = await runInProcess(['ledger', 'events', '--dir', dir, '--format', 'json', '--subject', 'host:db-1'], env);
    expect(ids(bySubject.stdout)).toEqual(['wf2/check/started']);
    const byType = await runInProcess(['ledger', 'events', '--dir', dir, '--format', 'json', '--subject', 'service:checkout', '--type', 'runbook.step.started'], env);
    expect(ids(byType.stdout)).toEqual(['wf/drain/started', 'wf/restart/started']);
    const byTime = await runInProcess(['ledger', 'events', '--dir', dir, '--format', 'json', '--from', '2026-11-22T10:02:00Z', '--to', '2026-11-22T10:04:00Z'], env);
    expect(ids(byTime.stdout)).toEqual(['wf/drain/approved', 'wf/restart/started']);
    const limited = await runInProcess(['ledger', 'events', '--dir', dir, '--format', 'json', '--limit', '1'], env);
    expect(ids(limited.stdout)).toEqual(['wf/drain/started']);
  });

  it('refuses a malformed filter with a usage error naming the option', async () => {
    const dir = await makeLedger();
    const subject = await runInProcess(['ledger', 'events', '--dir', dir, '--subject', 'checkout'], cliEnv());
    expect(subject.code).toBe(2);
    expect(subject.stderr).toContain('Unexpected --subject `checkout`, expected kind:id');
    const from = await runInProcess(['ledger', 'events', '--dir', dir, '--from', 'yesterday'], cliEnv());
    expect(from.code).toBe(2);
    expect(from.stderr).toContain('Unexpected --from `yesterday`, expected an ISO instant such as 2026-11-01T00:00:00Z, now, or a time ago such as 7d');
    const empty = await runInProcess(['ledger', 'events', '--dir', dir, '--from', '2026-11-22T10:04:00Z', '--to', '2026-11-22T10:02:00Z'], cliEnv());
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--from (2026-11-22T10:04:00.000Z) must be before --to (2026-11-22T10:02:00.000Z)');
  });

  it('reads --from and --to as times ago, like ledger report', async () => {
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
    const dir = join(mkdtempSync(join(tmpdir(), 'swaybot-cli-ledger-')), 'ledger');
    const ledger = await EmbeddedLedger.open({ dir });
    await ledger.append(event('old/s/started', 'runbook.step.started', 'service:checkout', 'swaybot', ago(120)));
    await ledger.append(event('new/s/started', 'runbook.step.started', 'service:checkout', 'swaybot', ago(30)));
    await ledger.close();
    const env = cliEnv();
    const recent = await runInProcess(['ledger', 'events', '--dir', dir, '--format', 'json', '--from', '1h'], env);
    expect(recent.stderr).toBe('');
    expect(ids(recent.stdout)).toEqual(['new/s/started']);
    const older = await runInProcess(['ledger', 'events', '--dir', dir, '--format', 'json', '--from', '3h', '--to', '1h'], env);
    expect(ids(older.stdout)).toEqual(['old/s/started']);
    const upToNow = await runInProcess(['ledger', 'events', '--dir', dir, '--format', 'json', '--from', '90m', '--to', 'now'], env);
    expect(ids(upToNow.stdout)).toEqual(['new/s/started']);
  });

  it('finds a run by its workflow id and every run of a runbook by the runbook id', async () => {
    const runEvent = (id: string, workflowId: string, runbookId: string | undefined, time: string): EventInput => ({
      id,
      type: 'runbook.step.started',
      subject: { kind: 'runbook', id: workflowId },
      actor: 'swaybot',
      time,
      payload: runbookId === undefined ? { note: 'written before payloads named the runbook' } : { runbookId, workflowId },
    });
    const dir = join(mkdtempSync(join(tmpdir(), 'swaybot-cli-ledger-')), 'ledger');
    const ledger = await EmbeddedLedger.open({ dir });
    await ledger.append(runEvent('wf-a/s/started', 'restart-web-a1', 'restart-web', '2026-11-22T10:01:00Z'));
    await ledger.append(runEvent('wf-b/s/started', 'restart-web-b2', 'restart-web', '2026-11-22T10:02:00Z'));
    await ledger.append(runEvent('wf-c/s/started', 'drain-c3', 'drain', '2026-11-22T10:03:00Z'));
    await ledger.append(runEvent('wf-d/s/started', 'legacy-d4', undefined, '2026-11-22T10:04:00Z'));
    // Another kind of subject with the same payload is not a run event.
    await ledger.append({ ...runEvent('wf-a/incident/opened', 'x', 'restart-web', '2026-11-22T10:05:00Z'), type: 'incident.opened', subject: { kind: 'service', id: 'web' } });
    await ledger.close();
    const env = cliEnv();
    const list = async (...args: string[]) => ids((await runInProcess(['ledger', 'events', '--dir', dir, '--format', 'json', ...args], env)).stdout);
    expect(await list('--subject', 'runbook:restart-web')).toEqual(['wf-a/s/started', 'wf-b/s/started']);
    expect(await list('--subject', 'runbook:restart-web', '--limit', '1')).toEqual(['wf-a/s/started']);
    expect(await list('--subject', 'runbook:restart-web-b2')).toEqual(['wf-b/s/started']);
    expect(await list('--subject', 'runbook:legacy-d4')).toEqual(['wf-d/s/started']);
    expect(await list('--subject', 'runbook:restart-web', '--from', '2026-11-22T10:02:00Z')).toEqual(['wf-b/s/started']);
  });
});
