/**
 * A small typed builder for hand-made plans, so interpreter tests do not
 * depend on the markdown compiler. Every builder returns a valid `Plan` piece.
 */
import { PLAN_VERSION, type ActionCall, type ActionStep, type ApprovalSpec, type InfoStep, type ManualStep, type ParamSpec, type Plan, type Step, type TemplateValue } from '../../plan/types.js';

type StepExtras = Partial<Pick<ActionStep, 'when' | 'approval' | 'as' | 'retry' | 'timeout' | 'compensate' | 'title'>>;

const base = (id: string, title?: string) => ({ id, title: title ?? id, source: { line: 1, column: 1 }, context: '', commands: [] });

/** A plan with the given steps; params and approvers as given. */
export function plan(id: string, steps: Step[], extra: Partial<Omit<Plan, 'steps' | 'id'>> = {}): Plan {
  return {
    version: PLAN_VERSION,
    hash: `hash-of-${id}`.padEnd(64, '0'),
    id,
    title: `Test runbook ${id}`,
    source: `test/${id}.md`,
    description: '',
    match: {},
    params: [],
    approvers: ['sre'],
    steps,
    ...extra,
  };
}

/** A step calling activity `activity` (registered by the test worker) with `args`. */
export function activity(id: string, activityName: string, args: Record<string, TemplateValue> = {}, extra: StepExtras = {}): ActionStep {
  return { ...base(id, extra.title), ...extra, kind: 'action', action: activityName, runner: { kind: 'activity', activity: activityName }, with: args };
}

/** A catalogue `log` step. */
export function log(id: string, message: string, extra: StepExtras = {}): ActionStep {
  return { ...base(id, extra.title), ...extra, kind: 'action', action: 'log', runner: { kind: 'activity', activity: 'log' }, with: { message } };
}

/** A catalogue `http.request` step. */
export function http(id: string, args: Record<string, TemplateValue>, extra: StepExtras = {}): ActionStep {
  return { ...base(id, extra.title), ...extra, kind: 'action', action: 'http.request', runner: { kind: 'activity', activity: 'httpRequest' }, with: args };
}

/** A catalogue `wait` step (durable timer). */
export function wait(id: string, duration: string, extra: StepExtras = {}): ActionStep {
  return { ...base(id, extra.title), ...extra, kind: 'action', action: 'wait', runner: { kind: 'timer' }, with: { duration } };
}

/** A manual step with checklist items `id: text`. */
export function manual(id: string, items: Record<string, string>, extra: Partial<Pick<ManualStep, 'timeout' | 'when' | 'approval'>> = {}): ManualStep {
  const checklist = Object.entries(items).map(([itemId, text]) => ({ id: itemId, text, checked: false }));
  return { ...base(id), ...extra, kind: 'manual', checklist };
}

/** An info step (shown, nothing to do). */
export function info(id: string, extra: Partial<Pick<InfoStep, 'when' | 'approval'>> = {}): InfoStep {
  return { ...base(id), ...extra, kind: 'info' };
}

/** An approval spec with test-friendly defaults (group `sre`, 30 s, fail on timeout and reject). */
export function approval(extra: Partial<ApprovalSpec> = {}): ApprovalSpec {
  return { groups: ['sre'], timeout: '30s', onTimeout: 'fail', onReject: 'fail', ...extra };
}

/** A compensation calling activity `activityName` with `args`. */
export function undo(activityName: string, args: Record<string, TemplateValue> = {}): ActionCall {
  return { action: activityName, runner: { kind: 'activity', activity: activityName }, with: args };
}

/** A parameter spec. */
export function param(name: string, type: ParamSpec['type'], defaultValue?: string | number | boolean): ParamSpec {
  return defaultValue === undefined ? { name, type, required: true } : { name, type, required: false, default: defaultValue };
}

/** The approver directory the tests use. */
export const directory = { sre: ['alice', 'bob'], 'incident-commanders': ['carol'] };
