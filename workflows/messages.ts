/**
 * Messages of the runbook interpreter workflow, shared by the workflow, the CLI
 * and (later) the Slack app. Wire names equal the constant names.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { RunEvent, RunState, StepEvent, StepState } from '../events/vocabulary.js';
import type { Plan } from '../plan/types.js';

export type { RunState, StepState } from '../events/vocabulary.js';

export const RUNBOOK_WORKFLOW = 'runbookWorkflow';

export interface RunbookInput {
  plan: Plan;
  /** Parameter values; missing ones take the plan's defaults. */
  params: Record<string, string | number | boolean>;
  /** The incident that triggered the run, if any: visible to templates as `incident`. */
  incident?: Record<string, unknown>;
  /**
   * Approver directory snapshot (group → member ids), taken by the client at
   * start from config so the update validator can check approvers deterministically.
   */
  directory: Record<string, string[]>;
  /**
   * The incident workflow that started this run as its child: it is told the run's progress
   * (`runbookProgress`) and writes the incident's ledger events itself.
   */
  parent?: { workflowId: string };
}

export interface StepStatus {
  id: string;
  title: string;
  /** `info` steps (sections with nothing to do) are shown and pass at once. */
  kind: 'action' | 'manual' | 'info';
  state: StepState;
  attempts?: number;
  decision?: { decision: 'approve' | 'reject' | 'timeout'; by?: string; reason?: string };
  /** While (and after) awaiting approval: the rendered approval prompt, if the step has one. */
  prompt?: string;
  /** Approver groups of the step's gate, for "who may approve" hints in the CLI and Slack. */
  approvers?: string[];
  checklist?: { id: string; text: string; done: boolean; by?: string }[];
  error?: string;
  /** While a `wait` step's timer runs: its duration as the plan wrote it (absent when templated) and when it started. */
  timer?: { duration: string; since: string };
}

/** What a transition did: a step event, a run event, the run starting to compensate, or a person ticking items. */
export type TransitionEvent = StepEvent | RunEvent | 'compensating' | 'ticked';

/**
 * One entry of the run's ordered record of what happened: step and run transitions
 * as the interpreter made them, numbered from 1 with no gaps, so a follower that
 * prints from the last `seq` it saw misses nothing and reorders nothing.
 */
export interface Transition {
  seq: number;
  /** The step it happened to; absent for run transitions. */
  step?: string;
  event: TransitionEvent;
  /** The step's (or for run transitions the run's) state after it. */
  state: StepState | RunState;
  /** Workflow time, ISO 8601. */
  at: string;
  /** Who did it: the approver, the person ticking. */
  by?: string;
  error?: string;
}

export interface RunbookStatus {
  runbookId: string;
  planHash: string;
  state: RunState;
  currentStep?: string;
  steps: StepStatus[];
  /** Outputs by `as` name. */
  outputs: Record<string, unknown>;
  error?: string;
  /** Ledger calls that failed for good (after retries): the events they carried are not in the ledger. */
  ledgerErrors?: number;
  /** The last such failure, naming the first event it carried. */
  ledgerError?: string;
  /** Input the run refused and went on without (e.g. an incident `openedAt` in the future); logged with the reason. */
  inputRefused?: number;
  /**
   * Every transition in order, the oldest dropped beyond the last `MAX_TRANSITIONS`
   * (absent in runs of workers older than this field).
   */
  transitions?: Transition[];
  /** How many of the oldest transitions were dropped to keep the record bounded. */
  transitionsDropped?: number;
}

/** The most transitions a run's status keeps: a 150-step runbook with a retry or two fits, and the query stays small. */
export const MAX_TRANSITIONS = 1000;

export interface RunbookResult {
  state: Exclude<RunState, 'running' | 'compensating'>;
  outputs: Record<string, unknown>;
  steps: StepStatus[];
  error?: string;
  /** As in `RunbookStatus`: present only when some ledger events could not be recorded. */
  ledgerErrors?: number;
  ledgerError?: string;
}

export interface DecisionRequest {
  step: string;
  decision: 'approve' | 'reject';
  /** Approver id (the CLI uses `$SWAYBOT_USER` or the OS user; Slack the Slack user). */
  by: string;
  reason?: string;
}

export interface ChecklistRequest {
  step: string;
  /** Item id; omitted ticks every open item of the step. */
  item?: string;
  by: string;
}

/** Approve or reject the approval gate of a step. Validator: step awaiting approval, `by` in an allowed group. */
export const decide = defineUpdate<StepStatus, [DecisionRequest]>('decide');
/** Tick a checklist item of a manual step. Validator: step and item exist and are open. */
export const tick = defineUpdate<StepStatus, [ChecklistRequest]>('tick');
export const status = defineQuery<RunbookStatus>('status');

export const RunbookIdKey = defineSearchAttributeKey('RunbookId', SearchAttributeType.KEYWORD);
export const RunbookStateKey = defineSearchAttributeKey('RunbookState', SearchAttributeType.KEYWORD);
export const RunbookStepKey = defineSearchAttributeKey('RunbookStep', SearchAttributeType.KEYWORD);

/** Set (and raised) only when some of the run's ledger writes failed for good: `RunbookLedgerErrors > 0` finds them. */
export const RunbookLedgerErrorsKey = defineSearchAttributeKey('RunbookLedgerErrors', SearchAttributeType.INT);
export const SEARCH_ATTRIBUTES = [RunbookIdKey, RunbookStateKey, RunbookStepKey, RunbookLedgerErrorsKey] as const;
