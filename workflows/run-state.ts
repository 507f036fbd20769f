/**
 * The interpreter's observable state: what the `status` query returns, what
 * current details and search attributes are derived from. Pure: mutated only by
 * the workflow's main loop and update handlers, never by I/O.
 */
import type { Plan, Step } from '../plan/types.js';
import { MAX_TRANSITIONS, type RunbookStatus, type RunState, type StepState, type StepStatus, type Transition } from './messages.js';

export class RunTracker {
  readonly status: RunbookStatus;
  #seq = 0;

  constructor(plan: Plan) {
    this.status = {
      runbookId: plan.id,
      planHash: plan.hash,
      state: 'running',
      steps: plan.steps.map(initialStepStatus),
      outputs: {},
      transitions: [],
    };
  }

  /**
   * Appends a transition to the ordered record, numbered after the last one, stamped with
   * workflow time (deterministic). Beyond `MAX_TRANSITIONS` the oldest go, and are counted.
   * Memory only: it issues no command, so recorded histories replay unchanged.
   */
  record(transition: Omit<Transition, 'seq' | 'at'>): void {
    const log = (this.status.transitions ??= []);
    this.#seq += 1;
    log.push({ seq: this.#seq, ...transition, at: new Date().toISOString() });
    if (log.length > MAX_TRANSITIONS) {
      log.splice(0, log.length - MAX_TRANSITIONS);
      this.status.transitionsDropped = this.#seq - MAX_TRANSITIONS;
    }
  }

  /** The status of step `id`; throws when the plan has no such step (a programming error). */
  step(id: string): StepStatus {
    const found = this.find(id);
    if (!found) throw new Error(`Cannot find step \`${id}\` in the run status`);
    return found;
  }

  find(id: string): StepStatus | undefined {
    return this.status.steps.find((s) => s.id === id);
  }

  setStep(id: string, state: StepState, error?: string): StepStatus {
    const step = this.step(id);
    step.state = state;
    if (error !== undefined) step.error = error;
    return step;
  }

  setRun(state: RunState, error?: string): void {
    this.status.state = state;
    if (error !== undefined) this.status.error = error;
  }

  setCurrent(id: string | undefined): void {
    if (id === undefined) delete this.status.currentStep;
    else this.status.currentStep = id;
  }

  setOutput(name: string, value: unknown): void {
    this.status.outputs[name] = value;
  }

  /** The state shown in the `RunbookState` search attribute: a waiting step wins over `running`. */
  searchState(): string {
    if (this.status.state !== 'running') return this.status.state;
    const current = this.status.currentStep ? this.find(this.status.currentStep) : undefined;
    if (current?.state === 'awaiting-approval' || current?.state === 'awaiting-checklist') return current.state;
    return 'running';
  }
}


function initialStepStatus(step: Step): StepStatus {
  const status: StepStatus = { id: step.id, title: step.title, kind: step.kind, state: 'pending' };
  if (step.kind === 'manual') {
    status.checklist = step.checklist.map((item) => ({ id: item.id, text: item.text, done: item.checked }));
  }
  return status;
}
