/**
 * The compiled runbook plan (IR), version 1.
 *
 * A plan is plain JSON: it is the input of the interpreter workflow and is
 * stored in its history, so a running workflow never sees later edits of the
 * markdown. `hash` is the sha256 of the canonical JSON of the plan without
 * `hash`, so two compiles of the same runbook give the same hash.
 */
export const PLAN_VERSION = 1 as const;

/** A duration as Temporal and `ms` read it: `'30s'`, `'10m'`, `'2h'`, or milliseconds. */
export type Duration = string | number;

/** Where a step came from in the markdown source (1-based). */
export interface SourcePoint {
  line: number;
  column: number;
}

export type ParamType = 'string' | 'number' | 'boolean';

export interface ParamSpec {
  name: string;
  type: ParamType;
  description?: string;
  /** Absent when the parameter is required. */
  default?: string | number | boolean;
  required: boolean;
}

/**
 * A JSON value whose strings may hold `{{ expr }}` templates. A string that is
 * one template and nothing else evaluates to the raw value (number, object…);
 * any other string is interpolated.
 */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | TemplateValue[]
  | { [key: string]: TemplateValue };

/** What the workflow does when an approval times out or is rejected. */
export type ApprovalOutcome = 'fail' | 'skip' | 'approve';

export interface ApprovalSpec {
  /** Groups whose members may decide; defaults to the runbook's `approvers`. */
  groups: string[];
  timeout: Duration;
  /** What happens when nobody decides within `timeout`. */
  onTimeout: ApprovalOutcome;
  /** What happens on an explicit reject. */
  onReject: Exclude<ApprovalOutcome, 'approve'>;
  /** Optional prompt shown to approvers (template). */
  prompt?: string;
  /**
   * Whether whoever started the run may decide this gate. Absent: yes, except for destructive
   * actions (power, clearing the event log), which always need a second person (approvals/gates.ts).
   */
  allowSelf?: boolean;
}

export interface RetrySpec {
  maximumAttempts: number;
  initialInterval: Duration;
  backoffCoefficient: number;
  maximumInterval?: Duration;
}

/** An action invocation: the catalogue name and its templated arguments. */
export interface ActionCall {
  /** Catalogue name, e.g. `http.request`. */
  action: string;
  /** How it runs: an activity type name, or a durable timer in the workflow. */
  runner: { kind: 'activity'; activity: string } | { kind: 'timer' };
  with: { [key: string]: TemplateValue };
}

/** Things every step has. */
interface StepBase {
  /** Stable id: slug of the heading, de-duplicated (`check-health`, `check-health-2`). */
  id: string;
  title: string;
  source: SourcePoint;
  /** Prose under the heading, as markdown, shown to people. */
  context: string;
  /** Code blocks other than `swaybot`: shown as commands, never run. */
  commands: { lang: string; code: string }[];
  /** Condition expression (without braces); the step is skipped when false. */
  when?: string;
  approval?: ApprovalSpec;
}

/** A step whose machine part is an action from the catalogue. */
export interface ActionStep extends StepBase, ActionCall {
  kind: 'action';
  /** Name under which the output is visible to later steps' templates. */
  as?: string;
  retry?: RetrySpec;
  /** startToClose timeout of each attempt. */
  timeout?: Duration;
  /** Undo action, pushed after success and run newest-first on failure. */
  compensate?: ActionCall;
  /**
   * Why this step runs without the approval its action normally needs
   * (`unattended: <reason>` in the block), kept for people and audits.
   */
  unattended?: string;
}

/** A step a person performs: waits until every checklist item is done. */
export interface ManualStep extends StepBase {
  kind: 'manual';
  /**
   * GFM task-list items. A section with no task list gets one item
   * `{ id: 'done', text: 'Done' }` so the person acknowledges the step.
   */
  checklist: { id: string; text: string; checked: boolean }[];
  /** Optional deadline for the whole checklist; failing when it passes. */
  timeout?: Duration;
}

/** A section with nothing to do: shown, never waits (e.g. "Meaning"). */
export interface InfoStep extends StepBase {
  kind: 'info';
}

export type Step = ActionStep | ManualStep | InfoStep;

export interface Plan {
  version: typeof PLAN_VERSION;
  /** sha256 hex of the canonical JSON of the plan without this field. */
  hash: string;
  id: string;
  title: string;
  /** Path or name of the source file, for people. */
  source: string;
  description: string;
  /** Labels of the incidents this runbook serves. */
  match: Record<string, string>;
  params: ParamSpec[];
  /** Default approver groups. */
  approvers: string[];
  /** Overall deadline of a run, if any. */
  timeout?: Duration;
  steps: Step[];
}

/** Roots that templates may name besides `params` and earlier `as` outputs. */
export const TEMPLATE_ROOTS = ['params', 'incident', 'run'] as const;
