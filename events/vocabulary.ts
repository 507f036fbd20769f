/**
 * What happens to a run, named once. A step moves through `StepState`s by
 * `StepEvent`s; some events are facts for the availability ledger (`recorded`),
 * others only change what people see. Ledger event types are built here and
 * matched here, never spelled as bare strings elsewhere.
 */

/** Where a step is, as the status query, the CLI and the Web UI show it. */
export const STEP_STATES = ['pending', 'running', 'awaiting-approval', 'awaiting-checklist', 'succeeded', 'skipped', 'failed', 'compensated'] as const;
export type StepState = (typeof STEP_STATES)[number];

/** Where a run is. */
export const RUN_STATES = ['running', 'succeeded', 'failed', 'compensating', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

/**
 * Every event of a step's lifecycle: the state it leads to (none: the state stays) and
 * whether the ledger records it (as `runbook.step.<event>`).
 */
export const STEP_EVENTS = {
  started: { state: undefined, recorded: true },
  awaiting_approval: { state: 'awaiting-approval', recorded: false },
  approved: { state: undefined, recorded: true },
  rejected: { state: undefined, recorded: true },
  timed_out: { state: undefined, recorded: true },
  running: { state: 'running', recorded: false },
  awaiting_checklist: { state: 'awaiting-checklist', recorded: false },
  succeeded: { state: 'succeeded', recorded: true },
  skipped: { state: 'skipped', recorded: true },
  failed: { state: 'failed', recorded: true },
  compensated: { state: 'compensated', recorded: true },
  compensation_failed: { state: undefined, recorded: true },
} as const satisfies Record<string, { state: StepState | undefined; recorded: boolean }>;

export type StepEvent = keyof typeof STEP_EVENTS;
/** The step events the ledger records. */
export type RecordedStepEvent = { [E in StepEvent]: (typeof STEP_EVENTS)[E]['recorded'] extends true ? E : never }[StepEvent];
export const RECORDED_STEP_EVENTS = (Object.keys(STEP_EVENTS) as StepEvent[]).filter((e): e is RecordedStepEvent => STEP_EVENTS[e].recorded);

/** Events of the run as a whole, recorded as `runbook.run.<event>`. */
export const RUN_EVENTS = ['started', 'succeeded', 'failed', 'cancelled'] as const;
export type RunEvent = (typeof RUN_EVENTS)[number];

/**
 * Events of an incident, recorded as `incident.<event>` about the service: by the incident
 * workflow, or by a runbook run started with an incident of its own (`runbook run --incident`).
 */
export const INCIDENT_EVENTS = ['opened', 'acknowledged', 'escalated', 'resolved', 'reopened'] as const;
export type IncidentEvent = (typeof INCIDENT_EVENTS)[number];

/**
 * What a state-changing hardware action did to a host, recorded as `host.<event>` about the
 * subject `host:<name>`: a power change and a cleared BMC event log, each done or failed.
 */
export const HOST_EVENTS = ['power.changed', 'power.failed', 'eventlog.cleared', 'eventlog.clear_failed'] as const;
export type HostEvent = (typeof HOST_EVENTS)[number];

/**
 * What the capacity workflow did with a plan, recorded as `capacity.<event>` about the service:
 * applied (with the model version and who approved it), rejected (and by whom), or expired unanswered.
 */
export const CAPACITY_EVENTS = ['applied', 'rejected', 'expired'] as const;
export type CapacityEvent = (typeof CAPACITY_EVENTS)[number];

/** What the replica printing workflow did, recorded as `replica.<event>` about the host (or rack) it printed. */
export const REPLICA_EVENTS = ['printed'] as const;
export type ReplicaEvent = (typeof REPLICA_EVENTS)[number];

/** Ledger event types, built in one place. */
export const stepEventType = <E extends RecordedStepEvent>(event: E): `runbook.step.${E}` => `runbook.step.${event}`;
export const runEventType = <E extends RunEvent>(event: E): `runbook.run.${E}` => `runbook.run.${event}`;
export const incidentEventType = <E extends IncidentEvent>(event: E): `incident.${E}` => `incident.${event}`;
export const hostEventType = <E extends HostEvent>(event: E): `host.${E}` => `host.${event}`;
export const capacityEventType = <E extends CapacityEvent>(event: E): `capacity.${E}` => `capacity.${event}`;
export const replicaEventType = <E extends ReplicaEvent>(event: E): `replica.${E}` => `replica.${event}`;

/** The incident event types, for readers such as the availability report. */
export const INCIDENT_TYPES = INCIDENT_EVENTS.map(incidentEventType) as readonly IncidentEventType[];
export type IncidentEventType = `incident.${IncidentEvent}`;

/** Who the automation is, as an actor. */
export const SWAYBOT = 'swaybot';
/** Step id of run events. */
export const RUN_STEP = '_run';
/** Step id of replica events. */
export const REPLICA_STEP = 'replica';
/** Step id of capacity events. */
export const CAPACITY_STEP = 'capacity';
/** Step id of incident events. */
export const INCIDENT_STEP = 'incident';

/**
 * Deterministic event id from the workflow, the step and what happened, so a retried
 * activity appends the same id and the ledger answers with the first receipt. The
 * separator cannot appear unescaped in the parts, so distinct triples never collide.
 * Throws on an empty part (a programming error).
 */
export function eventId(workflowId: string, stepId: string, kind: string): string {
  for (const [name, value] of [['workflowId', workflowId], ['stepId', stepId], ['kind', kind]] as const) {
    if (value.length === 0) throw new Error(`Cannot build an event id: ${name}: must not be empty`);
  }
  const part = (s: string): string => s.replaceAll('%', '%25').replaceAll('/', '%2F');
  return `${part(workflowId)}/${part(stepId)}/${part(kind)}`;
}
