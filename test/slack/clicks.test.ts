/**
 * The incident message's buttons, clicked in the local Slack and answered by the
 * app against a real incident workflow: a signed click acts as the mapped swaybot
 * user; a forged, stale or unsigned request is refused (401) before anything
 * reaches Temporal; an unmapped clicker or one the workflow refuses is told why,
 * and nothing is accepted.
 */
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../chat/actions.js';
import { getIncident } from '../../client/incident-actions.js';
import { UNMAPPED_TEXT } from '../../workers/slack-context.js';
import { alertFor, click, eventually, openIncident, replyTo, statusMessage, uniqueService, updatesAccepted, useSlackStack } from './harness.js';

const h = useSlackStack();

describe('incident buttons', () => {
  it('a signed Acknowledge click acknowledges as the mapped user; the clicker is told and the workflow rewrites the message', async () => {
    const { id, message } = await openIncident(h, alertFor(uniqueService()));
    const answer = await click(h, 'U-ALICE', message, ACTIONS.acknowledge);
    expect(answer.status).toBe(200);
    expect(await replyTo(h, answer)).toBe(`:eyes: You acknowledged \`${id}\` (as \`alice\`).`);
    expect((await getIncident(h.client, id)).acknowledgedBy).toBe('alice');
    await eventually(() => getIncident(h.client, id), (s) => s.state === 'acknowledged', 'the incident to show acknowledged');
    expect(await updatesAccepted(h.client, id)).toBe(1);
    // The app leaves the message to the workflow, which rewrites it without the Acknowledge button.
    const updated = await statusMessage(h, id, (m) => m.updates > 0 && m.text.includes('acknowledged by alice'));
    expect(JSON.stringify(updated.blocks)).not.toContain(ACTIONS.acknowledge);
  });

  it.each([
    ['a forged signature', { badSignature: true }, 'bad-signature'],
    ['a timestamp ten minutes old', { timestampOffsetSec: -600 }, 'stale'],
    ['no signature at all', { unsigned: true }, 'missing-headers'],
  ] as const)('%s is refused with 401 before any handler: no reply, no Update, counted', async (_what, forgery, reason) => {
    const { id, message } = await openIncident(h, alertFor(uniqueService()));
    const refusedBefore = h.app.counters.refused[reason];
    const clicksBefore = h.app.counters.clicks;
    const answer = await click(h, 'U-ALICE', message, ACTIONS.acknowledge, forgery);
    expect(answer.status).toBe(401);
    await eventually(async () => h.app.counters.refused[reason], (n) => n === refusedBefore + 1, `the ${reason} counter`);
    expect(h.app.counters.clicks).toBe(clicksBefore);
    expect(h.slack.recorder.responses(answer.responseUrl)).toEqual([]);
    expect(await updatesAccepted(h.client, id)).toBe(0);
    expect((await getIncident(h.client, id)).acknowledgedBy).toBeUndefined();
  });

  it('a Slack user not in slack.users is told to get mapped; nothing is accepted', async () => {
    const { id, message } = await openIncident(h, alertFor(uniqueService()));
    const unmappedBefore = h.app.counters.unmapped;
    const answer = await click(h, 'U-CAROL', message, ACTIONS.acknowledge);
    expect(answer.status).toBe(200);
    expect(await replyTo(h, answer)).toBe(UNMAPPED_TEXT);
    expect(h.app.counters.unmapped).toBe(unmappedBefore + 1);
    expect(await updatesAccepted(h.client, id)).toBe(0);
  });

  it("a mapped user in no responder group gets the workflow's refusal; nothing is accepted", async () => {
    const { id, message } = await openIncident(h, alertFor(uniqueService()));
    const answer = await click(h, 'U-BOB', message, ACTIONS.acknowledge);
    expect(await replyTo(h, answer)).toBe(':no_entry: swaybot refused: `bob` is not in any responder group (`sre`)');
    expect(await updatesAccepted(h.client, id)).toBe(0);
    expect((await getIncident(h.client, id)).state).toBe('triggered');
  });

  it('Escalate past the last tier and Acknowledge after Resolve are refused with the reason', async () => {
    const { id, message } = await openIncident(h, alertFor(uniqueService()));
    // The message as someone who has not seen the resolution yet still has it on screen.
    const stale = structuredClone(message);
    expect(await replyTo(h, await click(h, 'U-ALICE', message, ACTIONS.escalate))).toBe(`:no_entry: swaybot refused: Incident \`${id}\` is already at its last escalation tier`);
    expect(await replyTo(h, await click(h, 'U-ALICE', message, ACTIONS.resolve))).toBe(`:white_check_mark: You resolved \`${id}\` (as \`alice\`).`);
    const resolved = await eventually(() => getIncident(h.client, id), (s) => s.state === 'resolved', 'the incident to resolve');
    expect(resolved.resolvedBy).toBe('alice');
    // The old message still shows Acknowledge to someone who has not seen the update yet.
    const late = await replyTo(h, await click(h, 'U-ALICE', stale, ACTIONS.acknowledge));
    expect(late).toMatch(new RegExp(`^:no_entry: swaybot refused: Incident \`${id}\` is resolved \\(by alice at `));
    expect(await updatesAccepted(h.client, id)).toBe(1);
  });

  it('a button value swaybot did not send is answered with what was wrong', async () => {
    const { message } = await openIncident(h, alertFor(uniqueService()));
    const badBefore = h.app.counters.badInput;
    h.slack.interact.appUrl = `${h.app.url!}/slack/actions`;
    const answer = await h.slack.interact.clickButton({ userId: 'U-ALICE', actionId: ACTIONS.acknowledge, value: 'not json', channel: message.channel, messageTs: message.ts });
    expect(await replyTo(h, answer)).toBe(
      ':grey_question: This button\'s value is not one swaybot sent: Unexpected button value, expected JSON like {"incident":"<workflow id>"}',
    );
    expect(h.app.counters.badInput).toBe(badBefore + 1);
  });

  it("Approve on the runbook step: a non-approver is refused, an approver's click runs the step", async () => {
    const { id } = await openIncident(h, alertFor(uniqueService(), 'SlackDiskFull'));
    const waiting = await statusMessage(h, id, (m) => JSON.stringify(m.blocks).includes(ACTIONS.approve));
    const refused = await replyTo(h, await click(h, 'U-BOB', waiting, ACTIONS.approve));
    expect(refused).toMatch(/^:no_entry: swaybot refused: `bob` may not decide step `[^`]+`: not a member of `sre`$/);
    const approved = await replyTo(h, await click(h, 'U-ALICE', waiting, ACTIONS.approve));
    expect(approved).toMatch(new RegExp(`^:\\+1: You approved step \`[^\`]+\` of \`${id}\` \\(as \`alice\`\\)\\.$`));
    const done = await eventually(() => getIncident(h.client, id), (s) => s.runbook?.state === 'succeeded', 'the runbook run to succeed');
    expect(done.runbook).toMatchObject({ id: 'slack-disk-full', state: 'succeeded' });
  });
});
