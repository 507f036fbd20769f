import { describe, expect, it } from 'vitest';
import { RunTracker } from '../../workflows/run-state.js';
import { validateDecision, validateTick, type RefusalReason } from '../../workflows/validators.js';
import { activity, approval, directory, manual, plan } from '../support-interpreter/plans.js';

// The validators are pure; these cases are the ones an end-to-end test cannot time reliably.
const p = plan('v', [activity('gate', 'record', {}, { approval: approval() }), manual('check', { a: 'A', b: 'B' })]);

describe('update validators', () => {
  it('refuses a second decision on a gate that is already decided', () => {
    const run = new RunTracker(p);
    run.setStep('gate', 'awaiting-approval');
    expect(() => validateDecision(p, directory, run, { step: 'gate', decision: 'approve', by: 'alice' })).not.toThrow();
    run.step('gate').decision = { decision: 'approve', by: 'alice' };
    expect(() => validateDecision(p, directory, run, { step: 'gate', decision: 'reject', by: 'bob' })).toThrow(
      'Step `gate` is already decided (approve by alice)',
    );
  });

  it('names what is wrong with a malformed decision', () => {
    const run = new RunTracker(p);
    run.setStep('gate', 'awaiting-approval');
    expect(() => validateDecision(p, directory, run, { step: 'gate', decision: 'maybe' as 'approve', by: 'alice' })).toThrow(
      'Unexpected decision "maybe", expected `approve` or `reject`',
    );
    expect(() => validateDecision(p, directory, run, { step: 'gate', decision: 'approve', by: ' ' })).toThrow('A decision needs `by`');
    expect(() => validateDecision(p, directory, run, { step: 'check', decision: 'approve', by: 'alice' })).toThrow(
      'Step `check` is not awaiting approval (it has no approval gate; it is pending)',
    );
  });

  it('refuses ticks before the checklist is open and when nothing is left to tick', () => {
    const run = new RunTracker(p);
    expect(() => validateTick(p, run, { step: 'check', item: 'a', by: 'alice' })).toThrow('Step `check` is not waiting for its checklist (it is pending)');
    run.setStep('check', 'awaiting-checklist');
    expect(() => validateTick(p, run, { step: 'check', item: 'a', by: 'alice' })).not.toThrow();
    for (const item of run.step('check').checklist ?? []) item.done = true;
    expect(() => validateTick(p, run, { step: 'check', by: 'alice' })).toThrow('Step `check` has no open item');
  });

  it('gives each refusal its own failure type, so the caller can say what to do about it', () => {
    const reasonOf = (fn: () => void): RefusalReason | undefined => {
      try {
        fn();
        return undefined;
      } catch (err) {
        return (err as { type?: RefusalReason }).type;
      }
    };
    const run = new RunTracker(p);
    const decide = (step: string, by = 'alice') => () => validateDecision(p, directory, run, { step, decision: 'approve', by });
    const tick = (item?: string, step = 'check') => () => validateTick(p, run, { step, by: 'alice', ...(item ? { item } : {}) });
    expect(reasonOf(decide('nope'))).toBe('UnknownStep');
    expect(reasonOf(decide('gate'))).toBe('NotAwaitingApproval');
    run.setStep('gate', 'awaiting-approval');
    expect(reasonOf(decide('gate', 'mallory'))).toBe('NotAnApprover');
    expect(reasonOf(() => validateDecision(p, directory, run, { step: 'gate', decision: 'approve', by: '' }))).toBe('InvalidRequest');
    run.step('gate').decision = { decision: 'approve', by: 'alice' };
    run.setStep('gate', 'succeeded');
    // A decided step has moved on; "already decided" says more than "not awaiting approval".
    expect(reasonOf(decide('gate', 'bob'))).toBe('AlreadyDecided');
    expect(reasonOf(tick('a', 'gate'))).toBe('NotManualStep');
    expect(reasonOf(tick('a'))).toBe('NotAwaitingChecklist');
    run.setStep('check', 'awaiting-checklist');
    expect(reasonOf(tick('zz'))).toBe('UnknownItem');
    run.step('check').checklist!.find((i) => i.id === 'a')!.done = true;
    expect(reasonOf(tick('a'))).toBe('ItemDone');
    for (const item of run.step('check').checklist ?? []) item.done = true;
    expect(reasonOf(tick())).toBe('NoOpenItem');
  });
});
