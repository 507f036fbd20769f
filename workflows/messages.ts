/**
 * Messages of the runbook interpreter workflow, shared by the workflow, the CLI
 * and (later) the Slack app. Wire names equal the constant names.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import type { RunEvent, RunState, StepEvent, StepState } from '../events/vocabulary.js';
import type { Plan } from '../plan/types.js';
import type { Claim, Identity } from '../approvals/identity.js';

export type { RunState, StepState } from '../events/vocabulary.js';

export const RUNBOOK_WORKFLOW = 'runbookWorkflow';

export interface RunbookInput {
  plan: Plan;
  /** Parameter values; missing ones take the plan's defaults. */
  params: Record<string, string | number | boolean>;
  /** The incident that triggered the run, if any: visible to templates as `incident`. */
  incident?: Record<string, unknown>;
  /**
   * Deprecated, ignored by runs that start on current workers: the approver directory comes from
   * the worker's configuration (`approvalDirectory`), never from whoever starts a run. Runs
   * recorded before still read it on replay.
   */
  directory?: Record<string, string[]>;
  /**
   * Who starts the run, signed where they can (`startMessage` of approvals/identity.ts): whoever
   * started a run may not approve its destructive steps (`approval.allowSelf`). A run started by
   * another workflow (an incident) has no person as its starter.
   */
  startedBy?: Claim;
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
  decision?: {
    decision: 'approve' | 'reject' | 'timeout';
    by?: string;
    reason?: string;
    /** How `by` was established (runs on current workers): signed with their SSH key, vouched for by the Slack app, or believed as sent. */
    identity?: Identity;
    /** `SHA256:…` of the key that signed the decision. */
    key?: string;
  };
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
  /** Approver id (the CLI uses `--as`, `$SWAYBOT_USER` or the OS user; Slack the mapped Slack user). */
  by: string;
  reason?: string;
  /**
   * The proof of `by` (approvals/identity.ts): `ssh` signed with one of their keys, `slack` signed
   * by the Slack app; absent, the decision is only asserted, which counts only where the
   * configuration says `approvals.identity: asserted`.
   */
  identity?: 'ssh' | 'slack';
  /** When it was signed (ISO 8601); within `approvals.maxSkew` of the run's time. */
  at?: string;
  /** Armored SSHSIG of `decisionMessage` (namespace `swaybot-approval`). */
  signature?: string;
}

export interface ChecklistRequest {
  step: string;
  /** Item id; omitted ticks every open item of the step. */
  item?: string;
  by: string;
}

/**
 * Approve or reject the approval gate of a step. Validator: step awaiting approval, `by` in an
 * allowed group of the worker's directory, signed where the directory requires it, not the
 * run's starter on a step that needs a second person.
 */
export const decide = defineUpdate<StepStatus, [DecisionRequest]>('decide');
/** Read the approver directory from the worker's configuration again (after it changed); nothing else changes. */
export const refreshDirectory = defineSignal('refreshDirectory');
/** Tick a checklist item of a manual step. Validator: step and item exist and are open. */
export const tick = defineUpdate<StepStatus, [ChecklistRequest]>('tick');
export const status = defineQuery<RunbookStatus>('status');

export const RunbookIdKey = defineSearchAttributeKey('RunbookId', SearchAttributeType.KEYWORD);
export const RunbookStateKey = defineSearchAttributeKey('RunbookState', SearchAttributeType.KEYWORD);
export const RunbookStepKey = defineSearchAttributeKey('RunbookStep', SearchAttributeType.KEYWORD);

/** Set (and raised) only when some of the run's ledger writes failed for good: `RunbookLedgerErrors > 0` finds them. */
export const RunbookLedgerErrorsKey = defineSearchAttributeKey('RunbookLedgerErrors', SearchAttributeType.INT);
export const SEARCH_ATTRIBUTES = [RunbookIdKey, RunbookStateKey, RunbookStepKey, RunbookLedgerErrorsKey] as const;
