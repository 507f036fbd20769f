import { describe, expect, it } from 'vitest';
import { RunTracker } from '../../workflows/run-state.js';
import { validateDecision, validateTick } from '../../workflows/validators.js';
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
      'Step `check` is not awaiting approval (it is pending)',
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
});
