/**
 * Messages of the incident workflow, shared by the workflow, the alert intake,
 * the Slack app and the CLI. Wire names equal the constant names.
 *
 * Alerts arrive as a signal (`alert`) through `signalWithStart`, so an alert is
 * durable the moment the server accepts it, worker or not. People act through
 * Updates with validators: a refused action leaves nothing in history.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { AlertInput, IncidentAction, IncidentPolicy, IncidentStatus, NoteRequest, PendingStep } from '../incidents/types.js';
import type { ChecklistRequest, DecisionRequest, StepStatus, Transition } from './messages.js';

export type { AlertInput, IncidentAction, IncidentPolicy, IncidentStatus, NoteRequest, ChatRef } from '../incidents/types.js';

export const INCIDENT_WORKFLOW = 'incidentWorkflow';

export interface IncidentInput {
  /** The first alert (the one that opened it); later ones arrive as `alert` signals. */
  alert?: AlertInput;
  policy: IncidentPolicy;
  /** Approver directory snapshot (group → member ids), as for runbook runs. */
  directory: Record<string, string[]>;
  /** Set by continue-as-new: everything the incident knew so far. */
  carried?: IncidentStatus;
}

export type IncidentResult = IncidentStatus;

/**
 * What a runbook run started by an incident tells it (a signal from the child): its state, the
 * step it waits on, and each step that moved, so the incident can validate approvals it
 * forwards and show the run on its timeline.
 */
export interface RunbookProgress {
  /**
   * 1, 2, 3… per run: signals from a workflow may arrive out of order, so the incident applies
   * them by this number and holds back any that come early.
   */
  n: number;
  state: string;
  pendingStep?: PendingStep;
  /** The run's transitions since the last progress, in the order the run made them (see `Transition`). */
  transitions: Transition[];
  error?: string;
}

export const runbookProgress = defineSignal<[RunbookProgress]>('runbookProgress');

/** An alert for this incident: opens it (with start), joins it, clears it, or reopens it. */
export const alertSignal = defineSignal<[AlertInput]>('alert');

export const acknowledge = defineUpdate<IncidentStatus, [IncidentAction]>('acknowledge');
export const escalate = defineUpdate<IncidentStatus, [IncidentAction]>('escalate');
export const addNote = defineUpdate<IncidentStatus, [NoteRequest]>('addNote');
export const resolve = defineUpdate<IncidentStatus, [IncidentAction]>('resolve');
/** Resolves and labels the incident a false positive (kept for the anomaly detector). */
export const markFalsePositive = defineUpdate<IncidentStatus, [IncidentAction]>('markFalsePositive');
/** Approve/reject a gate of the incident's runbook run (forwarded to the child). */
export const incidentDecide = defineUpdate<StepStatus, [DecisionRequest]>('incidentDecide');
/** Tick a checklist item of the incident's runbook run (forwarded to the child). */
export const incidentTick = defineUpdate<StepStatus, [ChecklistRequest]>('incidentTick');

export const incidentStatus = defineQuery<IncidentStatus>('incidentStatus');

export const IncidentStateKey = defineSearchAttributeKey('IncidentState', SearchAttributeType.KEYWORD);
export const IncidentServiceKey = defineSearchAttributeKey('IncidentService', SearchAttributeType.KEYWORD);
export const IncidentSeverityKey = defineSearchAttributeKey('IncidentSeverity', SearchAttributeType.KEYWORD);

export const INCIDENT_SEARCH_ATTRIBUTES = [IncidentStateKey, IncidentServiceKey, IncidentSeverityKey] as const;

export { incidentWorkflowId } from '../incidents/key.js';
