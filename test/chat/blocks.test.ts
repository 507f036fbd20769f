import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, fitBlocks, incidentMessage, parseActionValue, slackMentions, timelineText } from '../../chat/blocks.js';
import { checkBlocks } from '../../chat/local-slack/block-check.js';
import type { Block } from '../../chat/notifier.js';
import { INCIDENT_STATES, type IncidentState } from '../../incidents/types.js';
import { awaitingApproval, incident } from './incident-fixture.js';

type Button = { action_id: string; value: string; style?: string; confirm?: Record<string, unknown>; text: { text: string } };

const buttons = (blocks: Block[]): Button[] => blocks.filter((b) => b['type'] === 'actions').flatMap((b) => b['elements'] as Button[]);
const actionIds = (blocks: Block[]) => buttons(blocks).map((b) => b.action_id);
const allText = (blocks: Block[]) => JSON.stringify(blocks);

describe('incidentMessage', () => {
  it('shows Acknowledge, Escalate and Resolve while nobody has acknowledged', () => {
    for (const state of ['triggered', 'escalated'] as const) {
      expect(actionIds(incidentMessage(incident({ state })).blocks)).toEqual([ACTIONS.acknowledge, ACTIONS.escalate, ACTIONS.resolve]);
    }
  });

  it('drops Acknowledge once acknowledged', () => {
    for (const state of ['acknowledged', 'mitigating'] as const) {
      expect(actionIds(incidentMessage(incident({ state, acknowledgedBy: 'bob' })).blocks)).toEqual([ACTIONS.escalate, ACTIONS.resolve]);
    }
  });

  it('shows no buttons once resolved, but who resolved it', () => {
    const { blocks, text } = incidentMessage(incident({ state: 'resolved', resolvedBy: 'carol', resolvedAt: '2026-03-02T15:00:00Z' }));
    expect(actionIds(blocks)).toEqual([]);
    const last = blocks[blocks.length - 1] as { type: string; elements: { text: string }[] };
    expect(last.type).toBe('context');
    expect(last.elements[0]?.text).toContain('Resolved by carol');
    expect(text).toContain('resolved by carol');
  });

  it('says a resolved incident was a false positive, and why', () => {
    const { blocks } = incidentMessage(incident({ state: 'resolved', resolvedBy: 'carol', falsePositive: { by: 'carol', reason: 'test alert' } }));
    expect(allText(blocks)).toContain('false positive by carol: test alert');
  });

  it('shows the step awaiting approval with its prompt, and Approve/Reject buttons carrying the step', () => {
    const { blocks, text } = incidentMessage(awaitingApproval());
    expect(allText(blocks)).toContain('Waiting for approval:* Restart the api pods\\nRestart 3 pods of api in prod?');
    expect(text).toContain('waiting for approval: Restart the api pods');
    const [approve, reject] = buttons(blocks).filter((b) => b.action_id === ACTIONS.approve || b.action_id === ACTIONS.reject);
    expect(approve).toMatchObject({ action_id: ACTIONS.approve, style: 'primary' });
    expect(approve?.confirm).toBeUndefined();
    expect(reject).toMatchObject({ action_id: ACTIONS.reject, style: 'danger' });
    expect(reject?.confirm).toMatchObject({ title: { type: 'plain_text' }, confirm: { text: 'Reject' }, deny: { text: 'Cancel' } });
    expect(parseActionValue(approve?.value ?? '')).toEqual({ ok: true, value: { incident: 'incident-api-HighErrorRate', step: 'restart' } });
  });

  it('shows no Approve/Reject for a step that is not awaiting approval, nor once resolved', () => {
    const running = awaitingApproval();
    running.runbook = { ...running.runbook!, pendingStep: { id: 'restart', title: 'Restart', state: 'running' } };
    expect(actionIds(incidentMessage(running).blocks)).toEqual([ACTIONS.escalate, ACTIONS.resolve]);
    expect(actionIds(incidentMessage(awaitingApproval({ state: 'resolved' })).blocks)).toEqual([]);
  });

  it('lists a checklist step with its items', () => {
    const status = awaitingApproval();
    status.runbook!.pendingStep = {
      id: 'check',
      title: 'Check dashboards',
      state: 'awaiting-checklist',
      checklist: [
        { id: 'a', text: 'Latency back to normal', done: true, by: 'bob' },
        { id: 'b', text: 'Errors below 1%', done: false },
      ],
    };
    const text = allText(incidentMessage(status).blocks);
    expect(text).toContain('☑ Latency back to normal — bob');
    expect(text).toContain('☐ Errors below 1%');
  });

  it('gives every button a value naming its incident', () => {
    for (const state of INCIDENT_STATES) {
      for (const button of buttons(incidentMessage(awaitingApproval({ state })).blocks)) {
        const parsed = parseActionValue(button.value);
        expect(parsed.ok && parsed.value.incident).toBe('incident-api-HighErrorRate');
      }
    }
  });

  it('puts state emoji and title in the header and fields for service, severity, state, alerts, opened, acked by, paged', () => {
    const { blocks } = incidentMessage(awaitingApproval({ alertCount: 3, reopenCount: 1, paged: ['alice', 'bob'] }));
    expect(blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: '🟡 High error rate on api', emoji: true } });
    const fields = (blocks[1]?.['fields'] as { text: string }[]).map((f) => f.text);
    expect(fields).toEqual([
      '*Service*\napi',
      '*Severity*\ncritical',
      '*State*\nAcknowledged',
      '*Alerts*\n3 · reopened 1×',
      '*Opened*\n<!date^1772460192^{date_short_pretty} {time}|2026-03-02 14:03 UTC>',
      '*Acknowledged by*\nalice',
      '*On call / paged*\nalice bob',
    ]);
  });

  it('mentions paged people by their Slack ids when given, in the fields and the notification text', () => {
    const { blocks, text } = incidentMessage(incident(), { mentions: ['<@U123>', 'U456', 'dave'] });
    expect(allText(blocks)).toContain('*On call / paged*\\n<@U123> <@U456> dave');
    expect(text).toContain('<@U123> <@U456> dave');
  });

  it('escapes user text so that it never becomes a mention or link', () => {
    const { blocks, text } = incidentMessage(incident({ title: '<!channel> disk & <http://x|y>', service: '<@U999>' }));
    expect(text).toContain('&lt;!channel&gt; disk &amp; &lt;http://x|y&gt;');
    expect(allText(blocks)).toContain('*Service*\\n&lt;@U999&gt;');
    expect(allText(blocks)).not.toContain('<@U999>');
  });

  it('cuts text to Slack limits with an ellipsis', () => {
    const long = 'x'.repeat(10_000);
    const status = awaitingApproval({ title: long, service: long });
    status.runbook!.pendingStep!.prompt = long;
    const { blocks } = incidentMessage(status);
    const header = (blocks[0]?.['text'] as { text: string }).text;
    expect(header).toHaveLength(150);
    expect(header.endsWith('…')).toBe(true);
    const approval = blocks.find((b) => allText([b]).includes('Waiting for approval')) as { text: { text: string } };
    expect(approval.text.text).toHaveLength(3000);
    expect(approval.text.text.endsWith('…')).toBe(true);
    const service = (blocks[1]?.['fields'] as { text: string }[])[0]!.text;
    expect(service).toHaveLength(2000);
    expect(checkBlocks(blocks)).toEqual([]);
  });

  it('never cuts an escaped character in half', () => {
    const { blocks } = incidentMessage(incident({ service: '&'.repeat(3000) }));
    const service = (blocks[1]?.['fields'] as { text: string }[])[0]!.text;
    expect(service).toMatch(/(&amp;)+…$/);
  });

  it('keeps at most 50 blocks, the last (the buttons) kept', () => {
    const many: Block[] = Array.from({ length: 60 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `${i}` } }));
    const fitted = fitBlocks(many);
    expect(fitted).toHaveLength(50);
    expect(fitted[49]).toBe(many[59]);
    expect(fitted[48]).toBe(many[48]);
    expect(fitBlocks(many.slice(0, 50))).toHaveLength(50);
  });

  it('builds blocks Slack accepts and values that parse back, whatever the incident says', () => {
    const text = fc.string({ maxLength: 4000, unit: 'binary' });
    const state = fc.constantFrom<IncidentState>(...INCIDENT_STATES);
    fc.assert(
      fc.property(text, text, text, text, state, fc.array(text, { maxLength: 12 }), (title, service, prompt, by, state, paged) => {
        const status = awaitingApproval({ title, service, state, acknowledgedBy: by, resolvedBy: by, paged });
        status.runbook!.pendingStep!.prompt = prompt;
        const { blocks, text } = incidentMessage(status);
        expect(checkBlocks(blocks)).toEqual([]);
        expect(text.length).toBeLessThanOrEqual(3000);
        for (const button of buttons(blocks)) expect(parseActionValue(button.value).ok).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('parseActionValue', () => {
  it('returns a clear error for junk', () => {
    const error = (value: string) => {
      const parsed = parseActionValue(value);
      return parsed.ok ? 'accepted' : parsed.error;
    };
    expect(error('not json')).toMatch(/expected JSON/);
    expect(error('[1]')).toMatch(/Unexpected button value \(value: .*\)/);
    expect(error('{}')).toMatch(/incident: /);
    expect(error('{"incident":""}')).toMatch(/incident: /);
    expect(error('{"incident":"x","step":7}')).toMatch(/step: /);
    expect(error('{"incident":"x","extra":1}')).toMatch(/extra/);
    expect(error(JSON.stringify({ incident: 'x'.repeat(2100) }))).toMatch(/at most 2000/);
    expect(parseActionValue('{"incident":"x"}')).toEqual({ ok: true, value: { incident: 'x' } });
  });
});

describe('slackMentions', () => {
  it('maps swaybot ids to Slack mentions through slack.users read backwards', () => {
    expect(slackMentions(['alice', 'bob', 'zoe'], { U1: 'alice', U2: 'bob' })).toEqual(['<@U1>', '<@U2>', 'zoe']);
  });
});

describe('timelineText', () => {
  it('is one line: UTC time, what happened, who', () => {
    expect(timelineText({ at: '2026-03-02T14:05:09.120Z', kind: 'acknowledged', by: 'alice', text: 'Acknowledged\nby alice  ' })).toBe('`14:05:09` 👀 Acknowledged by alice — alice');
    expect(timelineText({ at: '2026-03-02T14:06:00Z', kind: 'note', text: 'rollback <@U1> & retry' })).toBe('`14:06:00` 📝 rollback &lt;@U1&gt; &amp; retry');
  });

  it('cuts long entries to a section', () => {
    const line = timelineText({ at: '2026-03-02T14:06:00Z', kind: 'note', text: 'y'.repeat(5000) });
    expect(line).toHaveLength(3000);
    expect(line.endsWith('…')).toBe(true);
  });
});
