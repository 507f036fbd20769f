import { describe, expect, it } from 'vitest';
import { NextSteps, quote } from '../../cli/next-steps.js';
import { timerDetail } from '../../cli/format/status.js';

const directory = { sre: ['alice', 'bob'], empty: [], ops: ["o'neil smith"] };

describe('next steps', () => {
  it('names the current user with --as when they may approve, else the first member of the groups', () => {
    expect(new NextSteps({ directory, me: 'bob' }).decide('wf', 'drain', ['sre'])).toEqual([
      'npx swaybot runbook approve wf drain --as bob',
      "npx swaybot runbook reject wf drain --as bob --reason '…'",
    ]);
    expect(new NextSteps({ directory, me: 'mallory' }).decide('wf', 'drain', ['empty', 'sre'])[0]).toBe('npx swaybot runbook approve wf drain --as alice');
  });

  it('says so when nobody configured may approve, instead of a command the workflow would refuse', () => {
    const lines = new NextSteps({ directory, me: 'alice' }).decide('wf', 'drain', ['empty']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^# nobody can approve drain: `empty` has no members in `groups` of swaybot.config.yaml/);
  });

  it('quotes a user name the shell would split', () => {
    expect(new NextSteps({ directory, me: 'x' }).decide('wf', 's', ['ops'])[0]).toBe("npx swaybot runbook approve wf s --as 'o'\\''neil smith'");
    expect(quote('alice')).toBe('alice');
  });

  it('offers ticking every open item first, then each one', () => {
    const next = new NextSteps({ directory, me: 'x' });
    const step = { id: 'c', state: 'awaiting-checklist' as const, checklist: [{ id: 'a', text: 'A', done: true }, { id: 'b', text: 'B', done: false }, { id: 'd', text: 'D', done: false }] };
    expect(next.forStep('wf', step)).toEqual(['npx swaybot runbook tick wf c    # all 2 items', 'npx swaybot runbook tick wf c b    # B', 'npx swaybot runbook tick wf c d    # D']);
    expect(next.forStep('wf', { ...step, checklist: [{ id: 'b', text: 'B', done: false }] })).toEqual(['npx swaybot runbook tick wf c    # its one item']);
  });

  it('shows a wait step’s timer as until when and how long is left', () => {
    const since = '2026-11-22T10:00:00.000Z';
    expect(timerDetail({ duration: '5m', since }, Date.parse(since) + 60_000)).toBe('timer 5m, until 10:05:00Z (4m left)');
    expect(timerDetail({ duration: '5m', since }, Date.parse(since) + 600_000)).toBe('timer 5m, until 10:05:00Z (any moment now)');
  });
});
