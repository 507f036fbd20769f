/**
 * `/swaybot …` typed in the local Slack and answered by the app against the real
 * Temporal server and ops worker: every answer is ephemeral, bad input gets the
 * usage, unmapped users are told to get mapped, and a slow answer comes through
 * the command's response_url.
 */
import { describe, expect, it } from 'vitest';
import type { AppAnswer } from '../../chat/local-slack/index.js';
import { getIncident } from '../../client/incident-actions.js';
import { UNMAPPED_TEXT } from '../../workers/slack-context.js';
import { alertFor, BOT_TOKEN, command, ENV, eventually, openIncident, replyTo, SIGNING_SECRET, uniqueService, updatesAccepted, useSlackStack } from './harness.js';

const h = useSlackStack();

/** The ephemeral answer carried by the command's HTTP response (the ack). */
function answered(answer: AppAnswer): { text: string; blocks?: unknown[] } {
  expect(answer.status).toBe(200);
  expect(answer.json).toMatchObject({ response_type: 'ephemeral' });
  return answer.json as { text: string; blocks?: unknown[] };
}

/**
 * The answer, wherever it came: in the ack, or (when the app took longer than its ack budget, as
 * on a loaded machine) through the response_url after "Working on it…".
 */
async function finalText(answer: AppAnswer): Promise<string> {
  const text = answered(answer).text;
  return text.startsWith(':hourglass_flowing_sand:') ? replyTo(h, answer) : text;
}

describe('/swaybot', () => {
  it('help lists the commands to anyone, and says who they act as', async () => {
    const mapped = answered(await command(h, 'U-ALICE', 'help')).text;
    expect(mapped).toContain('`/swaybot incident list [all]`');
    expect(mapped).toContain('`/swaybot run <runbook> [name=value …]`');
    expect(mapped).toMatch(/You act as `alice`\.$/);
    expect(answered(await command(h, 'U-CAROL', '')).text).toContain(UNMAPPED_TEXT);
  });

  it('incident list lists an open incident; an unmapped user is told to get mapped', async () => {
    const { id } = await openIncident(h, alertFor(uniqueService()));
    const listed = await eventually(async () => answered(await command(h, 'U-ALICE', 'incident list')).text, (text) => text.includes(id), 'the incident in the list');
    expect(listed).toMatch(/^\*Open incidents\*\n/);
    expect(listed).toMatch(new RegExp(`🔴 \`${id}\` slack-\\w+ · critical · triggered · opened <!date\\^\\d+\\^`));
    expect(answered(await command(h, 'U-CAROL', 'incident list')).text).toBe(UNMAPPED_TEXT);
  });

  it('incident ack, note and resolve act as the mapped user', async () => {
    const { id } = await openIncident(h, alertFor(uniqueService()));
    expect(answered(await command(h, 'U-ALICE', `incident ack ${id}`)).text).toBe(`:eyes: You acknowledged \`${id}\` (as \`alice\`).`);
    expect(answered(await command(h, 'U-ALICE', `incident note ${id} p99 &gt; 2s, rolling back`)).text).toBe(`:memo: Note added to \`${id}\`.`);
    expect(answered(await command(h, 'U-ALICE', `incident resolve ${id} rolled back v42`)).text).toBe(`:white_check_mark: You resolved \`${id}\` (as \`alice\`): rolled back v42.`);
    const resolved = await eventually(() => getIncident(h.client, id), (s) => s.state === 'resolved', 'the incident to resolve');
    expect(resolved).toMatchObject({ acknowledgedBy: 'alice', resolvedBy: 'alice' });
    expect(resolved.timeline).toContainEqual(expect.objectContaining({ kind: 'note', by: 'alice', text: 'p99 > 2s, rolling back' }));
    expect(resolved.timeline).toContainEqual(expect.objectContaining({ kind: 'resolved', by: 'alice', text: 'resolved: rolled back v42' }));
  });

  it("a refused command answers with the workflow's reason and changes nothing", async () => {
    const { id } = await openIncident(h, alertFor(uniqueService()));
    expect(answered(await command(h, 'U-BOB', `incident ack ${id}`)).text).toBe(':no_entry: swaybot refused: `bob` is not in any responder group (`sre`)');
    expect(await updatesAccepted(h.client, id)).toBe(0);
  });

  it('bad input gets the usage; an unknown id says so', async () => {
    const before = h.app.counters.badInput;
    expect(answered(await command(h, 'U-ALICE', 'incident ack')).text).toBe(':grey_question: Unexpected input (no incident id), expected `/swaybot incident ack <id>`');
    expect(answered(await command(h, 'U-ALICE', 'status incident-nope-k1')).text).toBe(
      ':mag: No incident or runbook run with id `incident-nope-k1`; `/swaybot incident list` shows the open incidents.',
    );
    expect(h.app.counters.badInput).toBe(before + 2);
  });

  it('status of an incident shows its message', async () => {
    const { id } = await openIncident(h, alertFor(uniqueService()));
    const { text, blocks } = answered(await command(h, 'U-ALICE', `status ${id}`));
    expect(text).toMatch(/^🔴 Triggered: HighErrorRate/);
    expect(JSON.stringify(blocks)).toContain(`Incident \`${id}\``);
  });

  it('run starts a runbook by id with typed parameters, and status follows the run', async () => {
    const started = answered(await command(h, 'U-ALICE', 'run slack-greet who="Bob Smith" times=2')).text;
    const match = /^:arrow_forward: Started \*Greet someone\* as `(runbook-slack-greet-[a-z0-9]+)`\./.exec(started);
    expect(match, started).not.toBeNull();
    const workflowId = match![1]!;
    const handle = h.client.workflow.getHandle(workflowId);
    await handle.result();
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect(answered(await command(h, 'U-ALICE', `status ${workflowId}`)).text).toBe(`*Runbook slack-greet* \`${workflowId}\`: succeeded\n✅ Say hello — succeeded`);
  });

  it('run refuses what it cannot start, saying why', async () => {
    expect(await finalText(await command(h, 'U-ALICE', 'run slack-greet'))).toBe(':grey_question: Invalid parameters for runbook `slack-greet`:\n  `who` (string) is required and has no default');
    expect(await finalText(await command(h, 'U-ALICE', 'run slack-greet who=x times=lots'))).toBe(':grey_question: Unexpected `times=lots`, expected a number');
    expect(await finalText(await command(h, 'U-ALICE', 'run no-such-runbook'))).toMatch(/^:grey_question: No runbook with id `no-such-runbook` in `[^`]+`; known: `slack-disk-full`, `slack-greet`$/);
    expect(await finalText(await command(h, 'U-ALICE', 'run ../../../package.json'))).toMatch(/^:grey_question: No runbook file `\.\.\/\.\.\/\.\.\/package\.json` in the runbooks folder/);
    expect(await finalText(await command(h, 'U-ALICE', 'run broken.md'))).toMatch(/^:grey_question: Runbook `[^`]*broken\.md` has errors; fix them .*\n• \d+:\d+ Unexpected `no-such-action`, expected a known action \(unknown-action\)$/);
    expect(await finalText(await command(h, 'U-CAROL', 'run slack-greet who=x'))).toBe(UNMAPPED_TEXT);
  });

  it('a forged or stale command is refused with 401 and counted; nothing answers it', async () => {
    const before = { ...h.app.counters.refused };
    const commands = h.app.counters.commands;
    const forged = await command(h, 'U-ALICE', 'incident list', { badSignature: true });
    const stale = await command(h, 'U-ALICE', 'incident list', { timestampOffsetSec: -301 });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    await eventually(async () => h.app.counters.refused, (r) => r['bad-signature'] === before['bad-signature'] + 1 && r.stale === before.stale + 1, 'the refusal counters');
    expect(h.app.counters.commands).toBe(commands);
    expect(h.slack.recorder.responses(forged.responseUrl)).toEqual([]);
  });

  it('an answer slower than the ack budget comes through the response_url', async () => {
    const slow = await h.startApp({ ackBudgetMs: 0 });
    const { id } = await openIncident(h, alertFor(uniqueService()));
    const answer = await command(h, 'U-ALICE', `status ${id}`, {}, slow);
    expect(answered(answer).text).toBe(':hourglass_flowing_sand: Working on it…');
    expect(await replyTo(h, answer)).toMatch(/^🔴 Triggered: HighErrorRate/);
  });

  it('a bot token Slack refuses fails the start, naming the error but not the token', async () => {
    const start = h.startApp({ env: { ...ENV, SLACK_BOT_TOKEN: 'xoxb-not-the-right-one' } });
    await expect(start).rejects.toThrow("Cannot start the Slack app: Slack's auth.test refused the bot token (An API error occurred: invalid_auth)");
    await expect(start).rejects.not.toThrow(/xoxb-not-the-right-one/);
  });

  it('logs refusals with their reason and never a secret', async () => {
    expect((await command(h, 'U-ALICE', 'help', { badSignature: true })).status).toBe(401);
    await eventually(async () => h.logs.lines, (lines) => lines.some((l) => l.msg === 'slack: request refused by signature verification'), 'the refusal in the log');
    const logged = JSON.stringify(h.logs.lines);
    expect(h.logs.lines).toContainEqual(expect.objectContaining({ level: 'warn', obj: expect.objectContaining({ reason: 'bad-signature' }), msg: 'slack: request refused by signature verification' }));
    expect(logged).not.toContain(BOT_TOKEN);
    expect(logged).not.toContain(SIGNING_SECRET);
  });
});
