/**
 * The incident contract shared by the incident workflow, the alert intake, the
 * Slack app, the notifiers and the CLI. Plain JSON only: it travels through
 * Temporal payloads and workflow history.
 */

/** Where an alert came from. */
export type AlertSource = 'alertmanager' | 'generic' | 'cli' | 'telemetry';

/** One alert, normalised from whatever sender posted it. */
export interface AlertInput {
  source: AlertSource;
  /** The service the incident is about (label `service`, else `job`, else `unknown`). */
  service: string;
  /**
   * What makes two alerts the same incident: Alertmanager's fingerprint, or the key the
   * sender gave (generic endpoint `dedupeKey`), else a hash of the sorted labels.
   */
  dedupeKey: string;
  /** `alertname` (Alertmanager) or the sender's `name`. */
  name: string;
  status: 'firing' | 'resolved';
  /** `severity` label; `warning` when absent. */
  severity: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** ISO 8601: when the condition started (sender's `startsAt`, else when received). */
  startsAt: string;
  /** ISO 8601, for resolved alerts. */
  endsAt?: string;
  generatorURL?: string;
  /** ISO 8601: when swaybot received it. */
  receivedAt: string;
}

export const INCIDENT_STATES = ['triggered', 'acknowledged', 'escalated', 'mitigating', 'resolved'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** What the timeline records; each kind is one line in Slack's thread and the postmortem. */
export type TimelineKind =
  | 'opened'
  | 'alert-repeated'
  | 'alert-cleared'
  | 'acknowledged'
  | 'escalated'
  | 'paged'
  | 'note'
  | 'runbook-selected'
  | 'runbook-none'
  | 'runbook-step'
  | 'runbook-finished'
  | 'approval'
  | 'resolved'
  | 'reopened'
  | 'false-positive'
  | 'notify-failed';

export interface TimelineEntry {
  /** ISO 8601, workflow time. */
  at: string;
  kind: TimelineKind;
  /** Who did it; absent for swaybot itself. */
  by?: string;
  text: string;
  /** swaybot user ids to mention (paging): Slack shows them as @-mentions. */
  mention?: string[];
  /** A picture shown with the entry (an anomaly's plot): a PNG file on the worker that made it. */
  attachment?: { path: string; title: string };
}

/** One tier of an escalation policy. */
export interface EscalationTier {
  name: string;
  /** Who is paged: swaybot user ids, or `oncall:<team>` for whoever is on call then. */
  page: string[];
  /** How long the tier has to acknowledge before the next tier is paged (`ms` syntax, e.g. `5m`). */
  ackWithin: string;
}

export interface EscalationPolicy {
  tiers: EscalationTier[];
  /** How many times the whole ladder repeats after the last tier passes unacknowledged (0: stop there). */
  repeat: number;
}

/** A team's on-call rotation: members in order, handing off every `handoff` from `start`. */
export interface Rotation {
  members: string[];
  handoff: 'daily' | 'weekly';
  /** ISO 8601: the moment the first member's first shift starts (fixes the handoff time of day). */
  start: string;
  /** Someone covering instead of the rotation in [from, to). */
  overrides: { user: string; from: string; to: string }[];
}

/** What to do when an incident's alert clears (per route, by labels). */
export type ClearPolicy = 'resolve' | 'ask';

/** A route: incidents whose labels include `match` use these settings (first match wins). */
export interface IncidentRoute {
  match: Record<string, string>;
  onClear: ClearPolicy;
  /** Escalation policy name in `IncidentPolicy.escalations`; default `default`. */
  escalation?: string;
  /** On-call team for `oncall:` pages with no team named; default the incident's service. */
  team?: string;
}

/** The incident settings a workflow runs under: a snapshot of config taken when the incident opens. */
export interface IncidentPolicy {
  escalations: Record<string, EscalationPolicy>;
  rotations: Record<string, Rotation>;
  routes: IncidentRoute[];
  /** A resolved incident that fires again within this window reopens (`ms` syntax). */
  reopenWindow: string;
  /** Slack channel (or the console notifier's name for it). */
  channel: string;
}

/** A runbook the incident may run: its id, title and front-matter `match`. */
export interface RunbookCandidate {
  id: string;
  title: string;
  file: string;
  match: Record<string, string>;
}

/** The result of choosing a runbook for an incident's labels. */
export interface RunbookChoice {
  /** The most specific match (most `match` labels); absent only when none matches. */
  chosen?: RunbookCandidate;
  /** When several share the best specificity: all of them, `chosen` (the first by id) included. */
  ties: RunbookCandidate[];
}

/** The runbook step waiting on people, as the incident shows it (a subset of the run's StepStatus). */
export interface PendingStep {
  id: string;
  title: string;
  state: string;
  prompt?: string;
  approvers?: string[];
  checklist?: { id: string; text: string; done: boolean; by?: string }[];
}

/** Who acts and why; `by` is a swaybot user id (the Slack app maps Slack ids to them). */
export interface IncidentAction {
  by: string;
  reason?: string;
}

export interface NoteRequest {
  by: string;
  text: string;
}

/** The Slack message the incident keeps updated, once posted. */
export interface ChatRef {
  channel: string;
  ts: string;
}

export interface IncidentStatus {
  /** The incident id: the workflow id. */
  id: string;
  service: string;
  title: string;
  severity: string;
  state: IncidentState;
  labels: Record<string, string>;
  /** ISO 8601 times. */
  openedAt: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  acknowledgedBy?: string;
  resolvedBy?: string;
  /** How many alerts joined it (the first included). */
  alertCount: number;
  /** How many times a resolved incident fired again within the reopen window. */
  reopenCount: number;
  /** Current escalation tier (index into the policy's tiers) and who it paged. */
  tier: number;
  paged: string[];
  falsePositive?: { by: string; reason?: string };
  /** The runbook run as a child workflow, when one matched. */
  runbook?: { id: string; title: string; workflowId: string; state?: string; pendingStep?: PendingStep };
  /** Runbooks that tied with the chosen one. */
  runbookTies?: RunbookCandidate[];
  timeline: TimelineEntry[];
  /** Timeline entries dropped (oldest first) to keep the status bounded. */
  timelineDropped?: number;
  chat?: ChatRef;
  /** Ledger event ids this incident wrote, for the postmortem. */
  ledgerEvents: string[];
  /** Ledger calls that failed for good (their events are not in the ledger), and the last error. */
  ledgerErrors?: number;
  ledgerError?: string;
  /** Chat calls that failed for good (shown on the timeline too), and the last error. */
  chatErrors?: number;
  /** Minutes from opened to acknowledged / resolved, once known. */
  mttaMs?: number;
  mttrMs?: number;
  /** The postmortem draft (markdown), once resolved. */
  postmortem?: string;
  /** Where the worker wrote the postmortem file. */
  postmortemFile?: string;
}

export type IncidentResult = IncidentStatus;

