/**
 * `swaybot incident …` in this process against incidents opened the way the alert
 * receiver opens them, on a worker with a recording chat (test/incidents-workflow).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { IncidentPolicy, IncidentStatus } from '../../incidents/types.js';
import { useIncidentWorker } from '../incidents-workflow/harness.js';
import { alertFor, eventually, fire, incidentWhen, kinds, testPolicy, uniqueService } from '../incidents-workflow/incidents.js';
import { cliEnv } from './cli.js';
import { runInProcess } from './in-process.js';
import type { CliResult } from './output.js';

const h = useIncidentWorker('cli-incident');

/** Nobody escalates while a test looks: tier 1 has an hour. */
const calm: IncidentPolicy = testPolicy({ escalations: { default: { tiers: [{ name: 'on-call', page: ['alice'], ackWithin: '1h' }, { name: 'commander', page: ['carol'], ackWithin: '1h' }], repeat: 0 } } });

const env = (extra: NodeJS.ProcessEnv = {}) => cliEnv({ taskQueue: h.taskQueue, extra });
const run = (args: string[], e = env()) => runInProcess(args, e);

/** Opening is done: paged, runbook chosen or none. */
const settled = (s: IncidentStatus) => kinds(s).includes('paged') && (kinds(s).includes('runbook-none') || kinds(s).includes('runbook-selected'));

/** Opens an incident of a fresh service and waits until it has settled. */
async function opened(name = 'HighErrorRate'): Promise<{ id: string; service: string }> {
  const service = uniqueService('cli');
  const id = await fire(h, alertFor(service, { name, labels: { alertname: name, service, severity: 'critical' } }), calm);
  await incidentWhen(h, id, settled, 'opened');
  return { id, service };
}

/** Runs `args` until its output satisfies `ok` (visibility catches up in a moment). */
const until = (args: string[], ok: (r: CliResult) => boolean, what: string) => eventually(() => run(args), ok, what);

describe('swaybot incident', () => {
  it('lists open incidents of a service as a table and as JSON, filtered by state', async () => {
    const a = await opened();
    const b = await (async () => {
      const id = await fire(h, alertFor(a.service, { dedupeKey: 'other', severity: 'warning' }), calm);
      await incidentWhen(h, id, settled, 'opened');
      return { id };
    })();
    const table = await until(['incident', 'list', '--service', a.service], (r) => r.stdout.includes(a.id) && r.stdout.includes(b.id), 'both listed');
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ID\s+STATE\s+SERVICE\s+SEVERITY\s+AGE$/);
    expect(lines.find((l) => l.startsWith(a.id))).toMatch(new RegExp(`^${a.id}\\s+triggered\\s+${a.service}\\s+critical\\s+\\d+m?s$`));

    const json = await run(['incident', 'list', '--service', a.service, '--format', 'json']);
    const rows = JSON.parse(json.stdout) as { id: string; severity: string; open: boolean }[];
    expect(rows.map((r) => r.id).sort()).toEqual([a.id, b.id].sort());
    expect(rows.find((r) => r.id === b.id)).toMatchObject({ severity: 'warning', open: true });

    expect((await run(['incident', 'ack', a.id, '--as', 'alice'])).code).toBe(0);
    const acked = await until(['incident', 'list', '--service', a.service, '--state', 'acknowledged'], (r) => r.stdout.includes(a.id), 'acknowledged one listed');
    expect(acked.stdout).not.toContain(b.id);
  });

  it('refuses an unknown --state with the states it knows (exit 2)', async () => {
    const r = await run(['incident', 'list', '--state', 'acked']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Unexpected --state `acked`, expected one of triggered, acknowledged, escalated, mitigating, resolved');
  });

  it('shows an incident: header, who is paged, timeline, and next commands that work when pasted', async () => {
    const { id, service } = await opened();
    await run(['incident', 'note', id, 'checking', 'the', 'dashboards', '--as', 'bob']);
    const shown = await run(['incident', 'show', id]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain(`${id}  triggered  critical  service ${service}`);
    expect(shown.stdout).toContain('HighErrorRate: error rate above 5%');
    expect(shown.stdout).toMatch(/Paged\s+tier 1: alice/);
    expect(shown.stdout).toMatch(/Timeline:\n.*opened\s+swaybot\s+opened by alert `HighErrorRate`/);
    expect(shown.stdout).toMatch(/note\s+bob\s+checking the dashboards/);
    const ack = nextLine(shown.stdout, 'incident ack');
    expect(ack).toBe(`npx swaybot incident ack ${id} --as alice`);

    const pasted = await run(pastedArgs(ack));
    expect(pasted.code).toBe(0);
    expect(pasted.stdout).toContain(`Acknowledged ${id} as alice`);

    const json = JSON.parse((await run(['incident', 'show', id, '--format', 'json'])).stdout) as IncidentStatus;
    expect(json).toMatchObject({ id, acknowledgedBy: 'alice' });
  });

  it('shows the runbook step an incident waits on with the exact command that approves it', async () => {
    const { id } = await opened('DiskFull');
    await incidentWhen(h, id, (s) => s.runbook?.pendingStep?.id === 'clean-up', 'runbook waiting on clean-up');
    const shown = await run(['incident', 'show', id]);
    expect(shown.stdout).toMatch(/Runbook\s+disk-full \(Disk full\), running, run .*\.runbook/);
    expect(shown.stdout).toMatch(/waiting on\s+clean-up \(Clean up\): approval by sre "Delete old logs\?"/);
    const approve = nextLine(shown.stdout, 'incident approve');
    expect(approve).toBe(`npx swaybot incident approve ${id} clean-up --as alice`);
    const pasted = await run(pastedArgs(approve));
    expect(pasted.stdout).toContain(`Approved clean-up of ${id}'s runbook as alice`);
    expect(pasted.code).toBe(0);
    await incidentWhen(h, id, (s) => s.runbook?.pendingStep?.id === 'confirm', 'runbook at its checklist');

    const checklist = await run(['incident', 'show', id]);
    expect(checklist.stdout).toMatch(/waiting on\s+confirm \(Confirm\): checklist 0\/1/);
    expect(checklist.stdout).toContain('[ ] disk-usage-is-below-80: Disk usage is below 80%');
    const tick = nextLine(checklist.stdout, 'incident tick');
    expect(tick).toBe(`npx swaybot incident tick ${id} confirm --as alice    # its one item`);
    const ticked = await run(pastedArgs(tick));
    expect(ticked.code).toBe(0);
    expect(ticked.stdout).toContain(`Ticked confirm of ${id}'s runbook as alice`);
    await incidentWhen(h, id, (s) => s.runbook?.state === 'succeeded', 'runbook succeeded');
  });

  it('prints a refusal once, with a hint, and exits 1', async () => {
    const { id } = await opened();
    const stranger = await run(['incident', 'ack', id], env({ SWAYBOT_USER: 'mallory' }));
    expect(stranger.code).toBe(1);
    expect(stranger.stdout).toBe('');
    expect(stranger.stderr).toContain(`Cannot acknowledge ${id}: \`mallory\` is not in any responder group`);
    expect(stranger.stderr.match(/is not in any responder group/g)).toHaveLength(1);
    expect(stranger.stderr).toContain('Responders are the members of `groups` in the configuration (alice, bob, carol); act as one with --as <user> or SWAYBOT_USER.');

    await run(['incident', 'ack', id, '--as', 'bob']);
    const again = await run(['incident', 'ack', id, '--as', 'alice']);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(`✖ Cannot acknowledge ${id}: Incident \`${id}\` is already acknowledged by bob`);

    const missing = await run(['incident', 'show', 'incident-nope-nothing']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('No incident with id incident-nope-nothing');
  });

  it('resolves, then prints and writes the postmortem draft; before that says it is not resolved', async () => {
    const { id } = await opened();
    const early = await run(['incident', 'postmortem', id]);
    expect(early.code).toBe(1);
    expect(early.stderr).toContain(`Incident ${id} is not resolved yet (triggered)`);
    expect(early.stderr).toContain(`npx swaybot incident resolve ${id} --as alice`);

    const resolved = await run(['incident', 'resolve', id, '--as', 'alice', '--reason', 'rolled back']);
    expect(resolved.code).toBe(0);
    expect(resolved.stdout).toMatch(new RegExp(`Resolved ${id} as alice \\(MTTR \\d+s\\)`));
    expect(resolved.stdout).toContain(`npx swaybot incident postmortem ${id}`);

    const s = await incidentWhen(h, id, (x) => x.postmortem !== undefined, 'postmortem');
    const printed = await run(['incident', 'postmortem', id]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toBe(s.postmortem!.endsWith('\n') ? s.postmortem : `${s.postmortem}\n`);

    const out = join(mkdtempSync(join(tmpdir(), 'swaybot-pm-')), 'pm.md');
    const written = await run(['incident', 'postmortem', id, '--out', out]);
    expect(written.code).toBe(0);
    expect(written.stdout).toContain(`Wrote the postmortem draft of ${id} to ${out}`);
    expect(readFileSync(out, 'utf8').trimEnd()).toBe(s.postmortem!.trimEnd());

    const after = await run(['incident', 'ack', id, '--as', 'alice']);
    expect(after.code).toBe(1);
    expect(after.stderr).toContain(`is resolved (by alice`);
    expect(after.stderr).toContain(`\`npx swaybot incident show ${id}\` shows its state`);
  });
});

/** The printed `Next:` line containing `command`. */
function nextLine(stdout: string, command: string): string {
  const line = stdout.split('\n').find((l) => l.trim().startsWith('npx swaybot') && l.includes(command));
  if (!line) throw new Error(`no next step with \`${command}\` in:\n${stdout}`);
  return line.trim();
}

/** The arguments a shell passes for a printed command line (plain words only: these lines quote nothing). */
function pastedArgs(line: string): string[] {
  const words = line.replace(/\s+#.*$/, '').split(/\s+/);
  expect(words.slice(0, 2)).toEqual(['npx', 'swaybot']);
  return words.slice(2);
}
