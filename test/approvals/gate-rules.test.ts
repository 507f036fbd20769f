/**
 * The compiler's approval rules on gated actions (compiler/gate.ts): an approval nobody in the
 * directory can give, one that passes before people can read it, one that approves itself on
 * timeout, and self-approval of a destructive action are errors; the catalogue and the
 * interpreter agree on which calls are gated.
 */
import { describe, expect, it } from 'vitest';
import { builtinActions } from '../../actions/index.js';
import { GATED_ACTIONS, isDestructive, needsApproval } from '../../approvals/gates.js';
import { compileRunbook } from '../../compiler/index.js';

/** A runbook with one `hardware.power` step whose approval is `approval` (YAML lines under `approval:`). */
function powerRunbook(approval: string[], action = 'hardware.power', withArgs = ['  host: h1', '  state: cycle']): string {
  return ['---', 'approvers: [sre]', '---', '# Power', '', '## Cycle', '', '```swaybot', `action: ${action}`, 'with:', ...withArgs, ...approval, '```', ''].join('\n');
}

function messages(source: string, groups: string[] | null = ['sre', 'incident-commanders']) {
  const { plan, file } = compileRunbook(source, { path: 'power.md', ...(groups ? { groups } : {}) });
  return { plan, list: file.messages.map((m) => ({ rule: m.ruleId, fatal: m.fatal, reason: m.reason, line: m.line })) };
}

describe('approval rules on gated actions', () => {
  it('accepts a gated action behind an approval of a known group with a timeout of at least a minute', () => {
    const { plan, list } = messages(powerRunbook(['approval:', '  groups: [sre]', '  timeout: 1m']));
    expect(list).toEqual([]);
    expect(plan?.steps[0]?.approval).toMatchObject({ groups: ['sre'], timeout: '1m', onTimeout: 'fail' });
  });

  it('refuses an approval group the directory does not have, with the nearest one', () => {
    const { plan, list } = messages(powerRunbook(['approval:', '  groups: [sr]']));
    expect(plan).toBeUndefined();
    expect(list).toEqual([
      expect.objectContaining({ rule: 'unknown-approver-group', fatal: true, line: 14, reason: expect.stringContaining('Unexpected approver group `sr`, expected a group of the approver directory') }),
    ]);
    // The front matter's `approvers` are the default groups of `approval: true`.
    const viaDefault = messages(powerRunbook(['approval: true']), ['oncall']);
    expect(viaDefault.list).toEqual([expect.objectContaining({ rule: 'unknown-approver-group', fatal: true, reason: expect.stringContaining('`sre`') })]);
    // No groups configured at all: nobody could ever approve.
    const none = messages(powerRunbook(['approval: true']), []);
    expect(none.list[0]?.reason).toContain('none: nobody may approve until `groups` is configured');
    // Without a directory to check against (no configuration given), groups are not checked.
    expect(messages(powerRunbook(['approval:', '  groups: [sr]']), null).list).toEqual([]);
  });

  it('refuses a timeout under a minute and onTimeout: approve on a gated action', () => {
    const short = messages(powerRunbook(['approval:', '  timeout: 30s']));
    expect(short.list).toEqual([expect.objectContaining({ rule: 'short-approval-timeout', fatal: true, reason: expect.stringContaining('timeout` of 30s on `hardware.power`, expected at least 1m') })]);
    const approve = messages(powerRunbook(['approval:', '  onTimeout: approve']));
    expect(approve.list).toEqual([expect.objectContaining({ rule: 'approve-on-timeout', fatal: true, line: 14 })]);
    // A step that needs no approval may still approve itself on timeout, as before.
    const sensors = messages(powerRunbook(['approval:', '  timeout: 30s', '  onTimeout: approve'], 'hardware.sensors', ['  host: h1']));
    expect(sensors.list).toEqual([]);
  });

  it('refuses allowSelf: true on a destructive action, and keeps it on others', () => {
    const self = messages(powerRunbook(['approval:', '  allowSelf: true']));
    expect(self.list).toEqual([expect.objectContaining({ rule: 'self-approval', fatal: true, reason: expect.stringContaining('a destructive action needs a second person') })]);
    const sensors = messages(powerRunbook(['approval:', '  allowSelf: false'], 'hardware.sensors', ['  host: h1']));
    expect(sensors.list).toEqual([]);
    expect(sensors.plan?.steps[0]?.approval?.allowSelf).toBe(false);
    expect(messages(powerRunbook(['approval:', '  allowSelf: sometimes'])).list[0]).toMatchObject({ rule: 'bad-approval' });
  });

  it('warns about an unknown group on an approval of an ungated step', () => {
    const { plan, list } = messages(powerRunbook(['approval:', '  groups: [dbas]'], 'hardware.sensors', ['  host: h1']));
    expect(plan).toBeDefined();
    expect(list).toEqual([expect.objectContaining({ rule: 'unknown-approver-group', fatal: false })]);
  });
});

describe('which calls are gated', () => {
  it('is the same in the catalogue (compiler) and approvals/gates.ts (interpreter)', () => {
    const samples = [{ host: 'h' }, { host: 'h', clear: true }, { host: 'h', clear: false }, { host: 'h', clear: '{{ params.clear }}' }, { host: 'h', state: 'off' }];
    for (const action of builtinActions) {
      for (const args of samples) {
        expect([action.name, needsApproval(action.name, args)]).toEqual([action.name, action.needsApproval?.(args) ?? false]);
        expect([action.name, isDestructive(action.name, args)]).toEqual([action.name, (action.destructive ?? false) && (action.needsApproval?.(args) ?? false)]);
      }
    }
    expect(GATED_ACTIONS).toEqual(builtinActions.filter((a) => a.needsApproval).map((a) => a.name));
  });
});
