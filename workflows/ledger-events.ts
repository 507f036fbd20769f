/**
 * Records the run in the availability ledger: every step's lifecycle, the run's
 * start and end, the incident it handles, and what its hardware steps did to
 * hosts (`host.*`, see host-events.ts). Events are built here (workflow
 * time, deterministic ids) and appended by the `ledgerRecord` local activity.
 *
 * Recording rarely holds up a step. A local activity holds back the workflow
 * task until it completes, so events are gathered and sent in one call: when
 * the run is about to wait (approval, checklist, timer), when someone acted,
 * when the oldest gathered event is FLUSH_AFTER_MS old (workflow time), and at
 * the end. Gathered events live in workflow state, so a worker crash loses
 * none: replay gathers them again. Calls are not awaited where they are made;
 * `drain()` awaits them all before the run ends. A call that finally fails is
 * counted in the run status (`ledgerErrors`, `ledgerError`) and logged, never
 * dropped silently.
 */
import { ActivityFailure, ApplicationFailure, CancellationScope, log, patched, proxyLocalActivities, workflowInfo, type ActivityOptions } from '@temporalio/workflow';
import type { OpsActivities } from '../activities/index.js';
import {
  eventId,
  hostEventType,
  INCIDENT_STEP,
  incidentEventType,
  RUN_STEP,
  runEventType,
  stepEventType,
  SWAYBOT,
  type IncidentEvent,
  type RecordedStepEvent,
  type RunEvent,
} from '../events/vocabulary.js';
import type { EventInput } from '../ledger/event.js';
import { describeFailure } from './failures.js';
import { outcomeFacts, type HostChange, type HostOutcome } from './host-events.js';
import type { RunTracker } from './run-state.js';

/** Events older than this (workflow time) are sent at the end of the activation that finds them. */
export const FLUSH_AFTER_MS = 5000;


/**
 * Local: an append is milliseconds and costs no history events or server round trip; the
 * backoff is bounded so a ledger that stays down fails the call within minutes, visibly.
 * Sized with the Fabric client's own retry (`DEFAULT_RETRY` in ledger/fabric/retry.ts): the client
 * retries only read conflicts, within half of one attempt; everything else is retried here. Worst
 * case: 10 attempts of at most 10 s plus 151 s of backoff, about 4 min 11 s
 * (test/fabric/retry-sizing.test.ts fails when the two drift apart).
 */
export const LEDGER_ACTIVITY_OPTIONS = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 },
} satisfies ActivityOptions;

const { ledgerRecord } = proxyLocalActivities<Pick<OpsActivities, 'ledgerRecord'>>(LEDGER_ACTIVITY_OPTIONS);

/** What a step event may carry besides its facts: who acted (default swaybot), why, what failed. */
export interface StepEventDetails {
  actor?: string;
  reason?: string;
  error?: string;
  /** How the actor of a decision was established (`ssh`, `slack`, `asserted`), and the signing key's fingerprint. */
  identity?: string;
  key?: string;
}

const OPENED_AT_BOUNDS_PATCH = 'incident-opened-at-bounds';

/** Run facts every event carries. */
export interface RunFacts {
  runbookId: string;
  title: string;
  workflowId: string;
  runId: string;
}

interface Incident {
  id: string;
  service: string;
  title?: string;
  openedAt?: string;
}

/** How far ahead of workflow time an `openedAt` may be (clocks of the machines that made it). */
export const OPENED_AT_SKEW_MS = 60_000;

/**
 * When an incident's `openedAt` may be believed: an incident opened in the future, or (for a run
 * started by hand or by a client) before the run itself started, would stretch the downtime the
 * ledger reports (5 minutes could become 12 hours). Only a run started by swaybot's incident
 * workflow (a child run) carries an earlier time: its parent set it in its own workflow code.
 */
export interface OpenedAtBounds {
  /** Workflow time now, ms. */
  now: number;
  /** The run's start, ms. */
  runStart: number;
  /** The run is a child of another workflow (the incident workflow). */
  child: boolean;
}

/** Why an `openedAt` is refused, or undefined when it is believable. */
export function refuseOpenedAt(openedAt: string, bounds: OpenedAtBounds): string | undefined {
  const at = Date.parse(openedAt);
  if (at > bounds.now + OPENED_AT_SKEW_MS) return `incident openedAt ${openedAt} is in the future`;
  if (!bounds.child && at < bounds.runStart - OPENED_AT_SKEW_MS)
    return `incident openedAt ${openedAt} is before the run started (${new Date(bounds.runStart).toISOString()}); only swaybot's incident workflow may open an incident before its runbook run`;
  return undefined;
}

/**
 * The incident of the input, when it names both an `id` and a `service` (strings). An `openedAt`
 * outside `bounds` is dropped (the incident then opens when the run starts) and `onRefused` told why.
 */
export function incidentOf(
  input: Record<string, unknown> | undefined,
  bounds?: OpenedAtBounds,
  onRefused: (reason: string) => void = () => undefined,
): Incident | undefined {
  const id = input?.['id'];
  const service = input?.['service'];
  if (typeof id !== 'string' || id === '' || typeof service !== 'string' || service === '') return undefined;
  const title = input?.['title'];
  let openedAt = isoTime(input?.['openedAt']);
  const refused = openedAt !== undefined && bounds ? refuseOpenedAt(openedAt, bounds) : undefined;
  if (refused !== undefined) {
    onRefused(refused);
    openedAt = undefined;
  }
  return { id, service, ...(typeof title === 'string' ? { title } : {}), ...(openedAt ? { openedAt } : {}) };
}

/** A valid ISO 8601 date-time, normalised to UTC; undefined for anything else. */
function isoTime(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Builds and sends the run's ledger events; see the module comment. */
export class LedgerRecorder {
  readonly #facts: RunFacts;
  readonly #run: RunTracker;
  readonly #onError: () => void;
  readonly #incident: Incident | undefined;
  readonly #base: string;
  #buffer: EventInput[] = [];
  /** Workflow time of the oldest gathered event. */
  #oldest = 0;
  #flushQueued = false;
  readonly #sent: Promise<void>[] = [];
  #acknowledged = false;

  /** `onError` is called after a failed call was counted in the status (to publish it). */
  constructor(facts: RunFacts, run: RunTracker, incident: Record<string, unknown> | undefined, onError: () => void) {
    this.#facts = facts;
    this.#run = run;
    this.#onError = onError;
    // Histories recorded before the bounds existed replay as they ran.
    const info = workflowInfo();
    const bounds = patched(OPENED_AT_BOUNDS_PATCH)
      ? { now: Date.now(), runStart: info.runStartTime.getTime(), child: info.parent !== undefined }
      : undefined;
    this.#incident = incidentOf(incident, bounds, (reason) => {
      const status = this.#run.status;
      status.inputRefused = (status.inputRefused ?? 0) + 1;
      log.warn('incident openedAt refused: the incident opens when the run starts', { reason });
    });
    // The run id keeps a later run under the same workflow id (the demo) from colliding.
    this.#base = `${facts.workflowId}@${facts.runId}`;
  }

  step(stepId: string, title: string, kind: RecordedStepEvent, extra: StepEventDetails = {}): void {
    const { actor = SWAYBOT, ...details } = extra;
    const { runbookId, workflowId, runId } = this.#facts;
    this.#emit(stepId, kind, stepEventType(kind), actor, { runbookId, workflowId, runId, step: stepId, title, ...details });
  }

  run(kind: RunEvent, error?: string): void {
    const { runbookId, workflowId, runId, title } = this.#facts;
    this.#emit(RUN_STEP, kind, runEventType(kind), SWAYBOT, { runbookId, workflowId, runId, title, ...(error !== undefined ? { error } : {}) });
  }

  /**
   * What a hardware step did to its host (workflows/host-events.ts), about `host:<name>`, so the
   * host's history reads without knowing which runs touched it; the payload names the run.
   */
  host(stepId: string, title: string, change: HostChange, outcome: HostOutcome): void {
    const kind = 'error' in outcome ? change.events.failed : change.events.done;
    const { runbookId, workflowId, runId } = this.#facts;
    this.#push({
      id: eventId(this.#base, stepId, hostEventType(kind)),
      type: hostEventType(kind),
      subject: { kind: 'host', id: change.host },
      actor: change.actor,
      time: new Date().toISOString(),
      payload: { runbookId, workflowId, runId, step: stepId, title, host: change.host, ...change.details, ...outcomeFacts(outcome) },
    });
  }

  /** `incident.opened`, at the incident's own `openedAt` when it gives a valid one. */
  incidentOpened(): void {
    this.#incidentEvent('opened', SWAYBOT, this.#incident?.openedAt);
  }

  /** `incident.acknowledged` by the first person who decides a gate or ticks an item; later calls do nothing. */
  acknowledged(by: string): void {
    if (this.#acknowledged) return;
    this.#acknowledged = true;
    this.#incidentEvent('acknowledged', by);
    this.flush();
  }

  incidentResolved(): void {
    this.#incidentEvent('resolved', SWAYBOT);
  }

  /** Sends what is gathered once this activation's code has run (the run is about to wait). */
  flush(): void {
    if (this.#buffer.length === 0 || this.#flushQueued) return;
    this.#flushQueued = true;
    void Promise.resolve().then(() => this.#send());
  }

  /** Sends what is gathered and waits for every call; cancellation of the run does not stop it. */
  async drain(): Promise<void> {
    this.#send();
    await CancellationScope.nonCancellable(() => Promise.all(this.#sent));
  }

  #incidentEvent(kind: IncidentEvent, actor: string, time?: string): void {
    const incident = this.#incident;
    if (!incident) return;
    const payload = { incident: incident.id, runbookId: this.#facts.runbookId, workflowId: this.#facts.workflowId, ...(incident.title !== undefined ? { title: incident.title } : {}) };
    this.#push({
      id: eventId(this.#base, INCIDENT_STEP, kind),
      type: incidentEventType(kind),
      subject: { kind: 'service', id: incident.service },
      actor,
      time: time ?? new Date().toISOString(),
      payload,
    });
  }

  #emit(stepId: string, kind: string, type: string, actor: string, payload: Record<string, string>): void {
    this.#push({
      id: eventId(this.#base, stepId, kind),
      type,
      subject: { kind: 'runbook', id: this.#facts.workflowId },
      actor,
      time: new Date().toISOString(),
      payload,
    });
  }

  #push(event: EventInput): void {
    const now = Date.now();
    if (this.#buffer.length === 0) this.#oldest = now;
    this.#buffer.push(event);
    if (now - this.#oldest >= FLUSH_AFTER_MS) this.flush();
  }

  #send(): void {
    this.#flushQueued = false;
    if (this.#buffer.length === 0) return;
    const events = this.#buffer;
    this.#buffer = [];
    // Outside any cancellable scope: a cancelled run or a passed deadline still records.
    const call = CancellationScope.nonCancellable(() => ledgerRecord(events)).then(
      () => undefined,
      (err: unknown) => this.#failed(err, events),
    );
    this.#sent.push(call);
  }

  #failed(err: unknown, events: EventInput[]): void {
    const cause = err instanceof ActivityFailure ? err.cause : err;
    const message = cause instanceof ApplicationFailure ? `${cause.type ?? 'Error'}: ${cause.message}` : describeFailure(err);
    const status = this.#run.status;
    status.ledgerErrors = (status.ledgerErrors ?? 0) + 1;
    status.ledgerError = message;
    log.error('ledger recording failed', { events: events.map((e) => e.id), error: message });
    this.#onError();
  }
}
