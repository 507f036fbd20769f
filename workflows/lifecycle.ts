/**
 * One place where a run changes. `step(step, event)` moves a step by an event of
 * the vocabulary (events/vocabulary.ts): it updates the run status, publishes the
 * change to the Web UI and records the event in the ledger when the vocabulary
 * says it is recorded. The interpreter never touches those three separately.
 *
 * Publishing and recording happen exactly where they did before this module
 * existed (recorded histories replay): a failed step is published together with
 * the run's end, and gathered ledger events are sent when the run is about to wait.
 *
 * Each change is also appended to the run's ordered record of transitions (`status.transitions`),
 * which `--wait` prints from: memory only, no command, so histories still replay.
 */
import { STEP_EVENTS, type RecordedStepEvent, type RunEvent, type StepEvent } from '../events/vocabulary.js';
import type { HostChange, HostOutcome } from './host-events.js';
import type { StepEventDetails, LedgerRecorder } from './ledger-events.js';
import type { Step } from '../plan/types.js';
import type { StepStatus } from './messages.js';
import type { RunTracker } from './run-state.js';

/** What a transition changes in the step's status besides its state. */
export type StatusChange = Partial<Pick<StepStatus, 'approvers' | 'prompt' | 'decision' | 'error'>>;

/** Run events and the `compensating` state, which the ledger does not record. */
export type RunTransition = RunEvent | 'compensating';

/** Events whose publication waits for the run's end (one visibility write, not two). */
const PUBLISHED_WITH_RUN: ReadonlySet<StepEvent> = new Set(['failed']);
/** Events after which the run waits for people: gathered ledger events are sent now. */
const WAITS: ReadonlySet<StepEvent> = new Set(['awaiting_approval', 'awaiting_checklist']);

const isRecorded = (event: StepEvent): event is RecordedStepEvent => STEP_EVENTS[event].recorded;

export class Lifecycle {
  readonly #run: RunTracker;
  readonly #publish: () => void;
  readonly #ledger: LedgerRecorder | undefined;

  constructor(run: RunTracker, publish: () => void, ledger: LedgerRecorder | undefined) {
    this.#run = run;
    this.#publish = publish;
    this.#ledger = ledger;
  }

  /** Moves `step` by `event`; `ledger` details go into the recorded event, `status` into the step's status. */
  step(step: { id: string; title: string } | Step, event: StepEvent, change: { ledger?: StepEventDetails; status?: StatusChange } = {}): StepStatus {
    if (event === 'started') this.#run.setCurrent(step.id);
    const status = this.#run.step(step.id);
    const state = STEP_EVENTS[event].state;
    if (state !== undefined) status.state = state;
    Object.assign(status, change.status);
    if (event === 'running') setTimer(status, step);
    else delete status.timer;
    const by = change.ledger?.actor;
    const error = change.status?.error;
    this.#run.record({ step: step.id, event, state: status.state, ...(by !== undefined ? { by } : {}), ...(error !== undefined ? { error } : {}) });
    if (!PUBLISHED_WITH_RUN.has(event)) this.#publish();
    if (isRecorded(event)) this.#ledger?.step(step.id, step.title, event, change.ledger);
    if (WAITS.has(event)) this.aboutToWait();
    return status;
  }

  /**
   * Moves the run: its state, the Web UI and the ledger (`started` only records; nothing is
   * shown before the parameters are resolved). A cancelled run shows `cancelled` as its error.
   * The incident a run serves opens when the run starts and is resolved when it succeeds.
   */
  run(event: RunTransition, error?: string): void {
    if (event !== 'started') {
      if (event === 'succeeded') this.#run.setCurrent(undefined);
      this.#run.setRun(event, error ?? (event === 'cancelled' ? 'cancelled' : undefined));
    }
    this.#run.record({ event, state: this.#run.status.state, ...(error !== undefined ? { error } : {}) });
    if (event !== 'started') this.#publish();
    if (event !== 'compensating') this.#ledger?.run(event, error);
    if (event === 'started') this.#ledger?.incidentOpened();
    if (event === 'succeeded') this.#ledger?.incidentResolved();
  }

  /** A person decided a gate or ticked an item: shown at once, and the incident counts as acknowledged. */
  acted(by: string): void {
    // Decisions show as the `approved`/`rejected` step transition that follows; ticks have none of their own.
    const current = this.#run.status.currentStep;
    const step = current === undefined ? undefined : this.#run.find(current);
    if (step?.state === 'awaiting-checklist') this.#run.record({ step: step.id, event: 'ticked', state: step.state, by });
    this.#publish();
    this.#ledger?.acknowledged(by);
  }

  /** The run is about to wait (a gate, a checklist, a timer): send what the ledger gathered. */
  aboutToWait(): void {
    this.#ledger?.flush();
  }

  /** A hardware step changed its host, or failed to: recorded about the host, nothing shown. */
  host(step: { id: string; title: string }, change: HostChange, outcome: HostOutcome): void {
    this.#ledger?.host(step.id, step.title, change, outcome);
  }

  /** Sets what the run produced; the next transition shows it. */
  output(name: string, value: unknown): void {
    this.#run.setOutput(name, value);
  }
}

/** A `wait` step's timer: its duration as written, when the plan gives it literally (a template is rendered later). */
function setTimer(status: StepStatus, step: { id: string } | Step): void {
  if (!('runner' in step) || step.runner.kind !== 'timer') return;
  const duration = (step.with as Record<string, unknown> | undefined)?.['duration'];
  const literal = typeof duration === 'number' ? `${duration}ms` : typeof duration === 'string' && !duration.includes('{{') ? duration : undefined;
  if (literal !== undefined) status.timer = { duration: literal, since: new Date().toISOString() };
}
