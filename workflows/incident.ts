/**
 * The incident workflow, one per incident (id from the service and the alert's
 * dedupe key). Alerts arrive as `alert` signals (signalWithStart): the first opens
 * the incident, repeats join it (counted), a cleared alert resolves it or asks to,
 * a firing alert within the reopen window after resolution reopens it.
 *
 * On opening it pages the first escalation tier (on-call resolved from the
 * incident's start time), starts the matching runbook as a child and posts the
 * Slack status message with its thread. No acknowledgement by a tier's deadline pages the next.
 * People act through Updates (acknowledge, escalate, note, resolve, false
 * positive, and approve/tick forwarded to the runbook run). Resolving writes the
 * postmortem draft (state folder, Slack thread, result) with MTTA and MTTR. The
 * incident's ledger events are written here (workflows/incident-ledger.ts).
 */
import {
  ActivityFailure,
  ApplicationFailure,
  ParentClosePolicy,
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  startChild,
  workflowInfo,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import type { IncidentActivities } from '../activities/incident/index.js';
import { SWAYBOT } from '../events/vocabulary.js';
import { escalationSteps, parseDuration, resolvePages, routeFor } from '../incidents/escalation.js';
import { postmortemDraft } from '../incidents/postmortem.js';
import { appendTimeline } from '../incidents/timeline.js';
import type { AlertInput, IncidentStatus, TimelineEntry, TimelineKind } from '../incidents/types.js';
import { describeFailure } from './failures.js';
import {
  acknowledge,
  addNote,
  alertSignal,
  escalate,
  incidentDecide,
  incidentStatus,
  incidentTick,
  markFalsePositive,
  resolve,
  runbookProgress,
  type IncidentInput,
  type IncidentResult,
  type RunbookProgress,
} from './incident-messages.js';
import { IncidentLedger } from './incident-ledger.js';
import {
  validateAcknowledge,
  validateEscalate,
  validateForwardedDecision,
  validateForwardedTick,
  validateNote,
  validateResolve,
} from './incident-validators.js';
import { deriveState, IncidentView } from './incident-view.js';
import type { runbookWorkflow } from './runbook.js';

const RETRY = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: 10 } as const;
const chat = proxyActivities<IncidentActivities>({ startToCloseTimeout: '30 seconds', retry: RETRY });
/** `alertname` of the alerts the telemetry daemon sends for anomalies (workers/telemetry.ts). */
const TELEMETRY_ALERT = 'TelemetryAnomaly';
const work = proxyActivities<IncidentActivities>({ startToCloseTimeout: '2 minutes', retry: RETRY });
/** Choosing a runbook reads the runbooks folder (cached by file stamp): quick, or failed for a reason a few retries will not fix. */
const choose = proxyLocalActivities<IncidentActivities>({ startToCloseTimeout: '1 minute', retry: { ...RETRY, maximumAttempts: 3 } });

/** Timeline entries the Slack thread leaves out (the status message shows their count). */
const NOT_THREADED: ReadonlySet<TimelineKind> = new Set(['alert-repeated']);

export async function incidentWorkflow(input: IncidentInput): Promise<IncidentResult> {
  const info = workflowInfo();
  const { policy, directory } = input;
  const queue: AlertInput[] = input.alert ? [input.alert] : [];
  let s: IncidentStatus | undefined = input.carried;
  let dirty = false;
  let resolveRequest: { by: string; reason?: string } | undefined;
  /** True while the resolution's postmortem and messages are being written. */
  let resolving = false;
  let rungMoved = 0;
  let child: ChildWorkflowHandle<typeof runbookWorkflow> | undefined;
  let childDone = true;
  const steps = new Map<string, { id: string; title: string; state: string; decision?: { decision: string; by?: string; reason?: string } }>();
  /** Absolute index (dropped entries included) of the next timeline entry to thread. */
  let threaded = input.carried ? input.carried.timeline.length + (input.carried.timelineDropped ?? 0) : 0;
  let chatBroken = false;
  /** Decisions and ticks the incident forwarded itself (`step:by`): already on the timeline, with their reason. */
  const forwarded = new Set<string>();
  /** Progress signals of the runbook run applied so far, and those that arrived ahead of their turn. */
  let progressApplied = 0;
  const early = new Map<number, RunbookProgress>();
  const view = new IncidentView();
  let ledger: IncidentLedger | undefined = s ? new IncidentLedger(s) : undefined;

  const note = (kind: TimelineKind, text: string, by?: string, mention?: string[]) => {
    if (!s) return;
    const entry: TimelineEntry = { at: new Date().toISOString(), kind, text, ...(by !== undefined ? { by } : {}), ...(mention ? { mention } : {}) };
    appendTimeline(s, entry);
    dirty = true;
  };

  setHandler(alertSignal, (alert) => {
    queue.push(alert);
  });
  // The state as the facts give it now, even between two publications.
  setHandler(incidentStatus, () => (s ? { ...s, state: deriveState(s) } : placeholder(info.workflowId)));
  setHandler(runbookProgress, (p: RunbookProgress) => onProgress(p));

  const ladder = () => escalationSteps(policy.escalations[routeFor(policy.routes, s?.labels ?? {}).escalation ?? 'default'] ?? policy.escalations['default'] ?? { tiers: [], repeat: 0 });

  setHandler(
    acknowledge,
    (req) => {
      const incident = s!;
      incident.acknowledgedAt = new Date().toISOString();
      incident.acknowledgedBy = req.by;
      incident.mttaMs = Date.parse(incident.acknowledgedAt) - Date.parse(incident.openedAt);
      note('acknowledged', `acknowledged${req.reason ? `: ${req.reason}` : ''}`, req.by);
      ledger!.record('acknowledged', req.by);
      view.publish(incident);
      return incident;
    },
    { validator: (req) => validateAcknowledge(s, directory, req) },
  );
  setHandler(
    escalate,
    (req) => {
      moveRung(s!.tier + 1, req.by, req.reason ?? 'escalated by hand');
      view.publish(s!);
      return s!;
    },
    { validator: (req) => validateEscalate(s, directory, req, ladder().length) },
  );
  setHandler(
    addNote,
    (req) => {
      note('note', req.text, req.by);
      return s!;
    },
    { validator: (req) => validateNote(s, directory, req) },
  );
  setHandler(
    resolve,
    async (req) => {
      resolveRequest ??= { by: req.by, ...(req.reason ? { reason: req.reason } : {}) };
      // Answered once resolved (postmortem written), so the caller sees the resolved incident.
      await condition(() => s!.resolvedAt !== undefined && resolveRequest === undefined && !resolving);
      return s!;
    },
    { validator: (req) => validateResolve(s, directory, req) },
  );
  setHandler(
    markFalsePositive,
    async (req) => {
      s!.falsePositive = { by: req.by, ...(req.reason ? { reason: req.reason } : {}) };
      note('false-positive', `marked a false positive${req.reason ? `: ${req.reason}` : ''}`, req.by);
      resolveRequest ??= { by: req.by, reason: 'false positive' };
      // An anomaly's series gets a higher threshold in the telemetry daemon (histories from before had none).
      const series = s!.labels['series'];
      if (s!.labels['alertname'] === TELEMETRY_ALERT && series && patched('telemetry-false-positive')) await raiseThreshold(series, req.by);
      await condition(() => s!.resolvedAt !== undefined && resolveRequest === undefined && !resolving);
      return s!;
    },
    { validator: (req) => validateResolve(s, directory, req) },
  );
  setHandler(
    incidentDecide,
    async (req) => {
      const run = s!.runbook!;
      forwarded.add(`${req.step}:${req.by}`);
      const step = await work.forwardToRunbook({ workflowId: run.workflowId, kind: 'decide', request: req });
      const known = steps.get(req.step);
      steps.set(req.step, { id: req.step, title: known?.title ?? step.title, state: known?.state ?? step.state, decision: { decision: req.decision, by: req.by, ...(req.reason ? { reason: req.reason } : {}) } });
      actedOn(req.by);
      note('approval', `${req.decision === 'approve' ? 'approved' : 'rejected'} \`${req.step}\`${req.reason ? `: ${req.reason}` : ''}`, req.by);
      return step;
    },
    { validator: (req) => validateForwardedDecision(s, directory, req) },
  );
  setHandler(
    incidentTick,
    async (req) => {
      const run = s!.runbook!;
      forwarded.add(`${req.step}:${req.by}`);
      const step = await work.forwardToRunbook({ workflowId: run.workflowId, kind: 'tick', request: req });
      actedOn(req.by);
      note('runbook-step', `ticked ${req.item ? `\`${req.item}\`` : 'every item'} of \`${req.step}\``, req.by);
      return step;
    },
    { validator: (req) => validateForwardedTick(s, directory, req) },
  );

  // --- opening ---------------------------------------------------------------------------
  if (!s) {
    await condition(() => queue.length > 0);
    const first = queue.shift()!;
    s = opened(info.workflowId, first);
    ledger = new IncidentLedger(s);
    if (first.status === 'resolved') {
      // A cleared alert with no incident open (Alertmanager resends after a restart): nothing to do.
      note('alert-cleared', `alert \`${first.name}\` cleared, but no incident was open`);
      s.resolvedAt = s.openedAt;
      s.resolvedBy = SWAYBOT;
      s.alertCount = 0;
      view.publish(s);
      await condition(allHandlersFinished);
      return s;
    }
    note('opened', `opened by alert \`${first.name}\` (${first.severity})`);
    // An anomaly alert brings its plot (a PNG the worker's telemetry daemon drew): shown with the opening line.
    const plot = first.annotations['plot'];
    if (plot) s.timeline[s.timeline.length - 1]!.attachment = { path: plot, title: `${first.name} (${first.annotations['series'] ?? first.service})` };
    ledger.record('opened', SWAYBOT, { alert: first.name, labels: first.labels }, s.openedAt);
    page(0);
    // The first tier's deadline counts from its page, not from when the runbook was chosen.
    void escalator();
    // Chosen before the first message (a local activity: no round trip through the server),
    // so the first message and its thread already say who is paged and what runs.
    await startRunbook();
  } else {
    view.publish(s);
    if (s.resolvedAt === undefined) void escalator();
  }

  // --- open: alerts, escalation, people, until resolved; then the reopen window ------------
  ledger ??= new IncidentLedger(s);
  const firing = () => queue.some((a) => a.status === 'firing');
  for (;;) {
    while (s.resolvedAt === undefined) {
      if (workflowInfo().continueAsNewSuggested && childDone && queue.length === 0 && !resolveRequest) await carryOn();
      ledger.flush();
      await syncChat();
      await condition(() => dirty || queue.length > 0 || resolveRequest !== undefined || rungMoved > 0);
      rungMoved = 0;
      takeAlerts();
      if (resolveRequest) await resolveNow(resolveRequest.by, resolveRequest.reason);
      view.publish(s);
    }
    await syncChat();
    // The reopen window: a firing alert reopens; notes and the runbook's end still reach Slack.
    const closes = Date.now() + parseDuration(policy.reopenWindow);
    while (!firing() && Date.now() < closes) {
      await condition(() => dirty || firing(), closes - Date.now());
      if (firing()) break;
      queue.length = 0; // cleared alerts for a resolved incident change nothing
      if (dirty) await syncChat();
    }
    if (!firing()) break;
    const again = queue.find((a) => a.status === 'firing')!;
    queue.length = 0;
    reopen(again);
  }

  if (dirty) await syncChat();
  await ledger.drain();
  await condition(allHandlersFinished);
  return s;

  // --- helpers (closures over the incident's state) ----------------------------------------

  /** Tells the telemetry daemon; a failure is a timeline line, never a failed update. */
  async function raiseThreshold(series: string, by: string): Promise<void> {
    try {
      const result = await work.telemetryFalsePositive({ series });
      note('note', result.applied ? `anomaly threshold of \`${series}\` raised to ${result.threshold?.toFixed(2)}` : `anomaly threshold unchanged: ${result.reason}`);
    } catch (err) {
      note('notify-failed', `could not raise the anomaly threshold of \`${series}\` for ${by}: ${describeFailure(err)}`);
    }
  }

  /** A long incident (an alert storm) starts a fresh history, carrying everything it knows. */
  async function carryOn(): Promise<never> {
    await syncChat();
    await ledger!.drain();
    await condition(allHandlersFinished);
    const { alert: _first, ...rest } = input;
    return continueAsNew<typeof incidentWorkflow>({ ...rest, carried: s! });
  }

  function takeAlerts(): void {
    while (queue.length > 0) {
      const alert = queue.shift()!;
      if (alert.status === 'firing') {
        s!.alertCount++;
        repeated(alert);
      } else if (routeFor(policy.routes, s!.labels).onClear === 'resolve') {
        note('alert-cleared', `alert \`${alert.name}\` cleared`);
        resolveRequest ??= { by: SWAYBOT, reason: 'alert cleared' };
      } else {
        note('alert-cleared', `alert \`${alert.name}\` cleared — resolve? (\`npx swaybot incident resolve ${s!.id}\`)`);
      }
    }
  }

  /** One timeline line per run of repeats, its count kept current. */
  function repeated(alert: AlertInput): void {
    const last = s!.timeline[s!.timeline.length - 1];
    const text = (n: number) => `alert \`${alert.name}\` fired again (${n} alerts in all)`;
    if (last?.kind === 'alert-repeated') {
      last.text = text(s!.alertCount);
      last.at = new Date().toISOString();
      dirty = true;
    } else note('alert-repeated', text(s!.alertCount));
  }

  /** Pages rung `r` of the ladder: who is on call is taken at the incident's start. */
  function page(r: number): void {
    const rungs = ladder();
    const rung = rungs[r];
    if (!rung) return;
    const tiers = (policy.escalations[routeFor(policy.routes, s!.labels).escalation ?? 'default'] ?? policy.escalations['default'])!.tiers;
    const tier = tiers[rung.tierIndex]!;
    const team = routeFor(policy.routes, s!.labels).team ?? s!.service;
    const { users, problems } = resolvePages(tier, policy.rotations, s!.openedAt, team);
    s!.tier = r;
    s!.paged = users;
    note('paged', `paged ${tier.name}${rung.round > 0 ? ` (round ${rung.round + 1})` : ''}: ${users.join(', ') || 'nobody'}`, undefined, users);
    for (const p of problems) note('note', `escalation: ${p}`);
  }

  function moveRung(r: number, by: string, reason: string): void {
    note('escalated', `escalated: ${reason}`, by === SWAYBOT ? undefined : by);
    ledger!.record('escalated', by, { tier: r, reason });
    page(r);
    rungMoved++;
  }

  /** Walks the ladder while nobody acknowledges: each rung's deadline passed pages the next. */
  async function escalator(): Promise<void> {
    const rungs = ladder();
    while (s!.acknowledgedAt === undefined && s!.resolvedAt === undefined && s!.tier + 1 < rungs.length) {
      const r = s!.tier;
      const moved = await condition(() => s!.acknowledgedAt !== undefined || s!.resolvedAt !== undefined || s!.tier !== r, rungs[r]!.ackWithinMs);
      if (!moved) moveRung(r + 1, SWAYBOT, `not acknowledged within ${policy.escalations[routeFor(policy.routes, s!.labels).escalation ?? 'default']?.tiers[rungs[r]!.tierIndex]?.ackWithin ?? `${rungs[r]!.ackWithinMs} ms`}`);
    }
  }

  /** Approving or ticking acknowledges an incident nobody acknowledged yet. */
  function actedOn(by: string): void {
    if (s!.acknowledgedAt !== undefined) return;
    s!.acknowledgedAt = new Date().toISOString();
    s!.acknowledgedBy = by;
    s!.mttaMs = Date.parse(s!.acknowledgedAt) - Date.parse(s!.openedAt);
    ledger!.record('acknowledged', by);
  }

  async function startRunbook(): Promise<void> {
    let selection;
    try {
      selection = await choose.selectIncidentRunbook(s!.labels);
    } catch (err) {
      note('runbook-none', `could not choose a runbook: ${describeFailure(err)}`);
      return;
    }
    for (const file of selection.broken) note('note', `runbook ${file} does not compile; it was not considered`);
    const { chosen, ties } = selection.choice;
    if (!chosen || !selection.plan) {
      note('runbook-none', 'no runbook matches this incident’s labels');
      return;
    }
    if (ties.length > 1) {
      s!.runbookTies = ties;
      note('note', `runbooks tie on specificity: ${ties.map((t) => `\`${t.id}\``).join(', ')}; running \`${chosen.id}\``);
    }
    const plan = selection.plan;
    const params = Object.fromEntries(plan.params.filter((p) => s!.labels[p.name] !== undefined).map((p) => [p.name, s!.labels[p.name]!]));
    const workflowId = `${info.workflowId}.runbook`;
    s!.runbook = { id: plan.id, title: plan.title, workflowId, state: 'running' };
    for (const step of plan.steps) steps.set(step.id, { id: step.id, title: step.title, state: 'pending' });
    child = await startChild<typeof runbookWorkflow>('runbookWorkflow', {
      workflowId,
      args: [
        {
          plan,
          params,
          incident: { id: s!.id, service: s!.service, title: s!.title, severity: s!.severity, openedAt: s!.openedAt, labels: s!.labels },
          directory,
          parent: { workflowId: info.workflowId },
        },
      ],
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      // `runbook list` names the incident from the memo, as for runs started with --incident.
      memo: { planHash: plan.hash, incident: s!.id },
      staticSummary: `${plan.title} (incident ${s!.id})`,
    });
    childDone = false;
    note('runbook-selected', `running runbook \`${plan.id}\` (${plan.title})`);
    void child.result().then(
      () => finished('succeeded'),
      (err: unknown) => finished(isCancelled(err) ? 'cancelled' : 'failed', describeFailure(err)),
    );
  }

  function finished(state: string, error?: string): void {
    childDone = true;
    if (s!.runbook) {
      s!.runbook.state = state;
      delete s!.runbook.pendingStep;
    }
    note('runbook-finished', `runbook \`${s!.runbook?.id ?? '?'}\` ${state}${error ? `: ${error}` : ''}`);
  }

  /** Applies progress in the run's order: one that arrives early waits for those before it. */
  function onProgress(p: RunbookProgress): void {
    early.set(p.n, p);
    while (early.has(progressApplied + 1)) {
      const next = early.get(progressApplied + 1)!;
      early.delete(progressApplied + 1);
      progressApplied++;
      applyProgress(next);
    }
  }

  function applyProgress(p: RunbookProgress): void {
    const run = s?.runbook;
    if (!run) return;
    // How the run ended comes from its result (`finished`), with the timeline line that says so.
    if (p.state === 'running' || p.state === 'compensating') run.state = p.state;
    if (p.pendingStep) run.pendingStep = p.pendingStep;
    else delete run.pendingStep;
    for (const t of p.transitions) {
      if (t.step === undefined) continue;
      const known = steps.get(t.step);
      // A decision forwarded by the incident already carries its reason; the transition has none.
      const decided = t.event === 'approved' || t.event === 'rejected' ? { decision: t.event === 'approved' ? 'approve' : 'reject', ...(t.by ? { by: t.by } : {}) } : undefined;
      const before = known?.decision;
      const decision = decided && before && before.by === decided.by && before.decision === decided.decision ? before : (decided ?? before);
      steps.set(t.step, { id: t.step, title: known?.title ?? t.step, state: t.state, ...(decision ? { decision } : {}) });
      if (t.event === 'running' || t.event === 'started') continue;
      const people = t.event === 'approved' || t.event === 'rejected' || t.event === 'ticked';
      if (people && t.by !== undefined && forwarded.has(`${t.step}:${t.by}`)) continue;
      note('runbook-step', `\`${t.step}\` ${t.event.replace(/_/g, ' ')}${t.error ? `: ${t.error}` : ''}`, t.by);
      // Deciding a gate or ticking items on the run itself counts as acknowledging the incident.
      if (t.by !== undefined && t.by !== SWAYBOT) actedOn(t.by);
    }
  }

  async function resolveNow(by: string, reason: string | undefined): Promise<void> {
    resolving = true;
    try {
      await resolution(by, reason);
    } finally {
      resolving = false;
    }
  }

  async function resolution(by: string, reason: string | undefined): Promise<void> {
    resolveRequest = undefined;
    const incident = s!;
    incident.resolvedAt = new Date().toISOString();
    incident.resolvedBy = by;
    incident.mttrMs = Date.parse(incident.resolvedAt) - Date.parse(incident.openedAt);
    note('resolved', `resolved${reason ? `: ${reason}` : ''}`, by === SWAYBOT ? undefined : by);
    ledger!.record('resolved', by, { ...(reason ? { reason } : {}), ...(incident.falsePositive ? { falsePositive: true } : {}) });
    // The run has nothing left to do for a resolved incident: cancel it (its compensations run).
    if (child && !childDone) await getExternalWorkflowHandle(child.workflowId).cancel().catch(() => undefined);
    view.publish(incident);
    const markdown = postmortemDraft(incident, { steps: [...steps.values()] });
    incident.postmortem = markdown;
    try {
      incident.postmortemFile = await work.writePostmortem({ incidentId: incident.id, markdown });
    } catch (err) {
      note('note', `could not write the postmortem file: ${describeFailure(err)}`);
    }
    await syncChat();
    if (incident.chat && !chatBroken) {
      await guardChat(() => chat.chatThreadText({ ref: incident.chat!, key: `${incident.id}/postmortem/${incident.reopenCount}`, text: incident.postmortem! }));
    }
    ledger!.flush();
  }

  function reopen(alert: AlertInput): void {
    const incident = s!;
    incident.reopenCount++;
    incident.alertCount++;
    delete incident.resolvedAt;
    delete incident.resolvedBy;
    delete incident.acknowledgedAt;
    delete incident.acknowledgedBy;
    delete incident.mttaMs;
    delete incident.mttrMs;
    note('reopened', `reopened: alert \`${alert.name}\` fired again within ${policy.reopenWindow} of resolution`);
    ledger!.record('reopened', SWAYBOT, { alert: alert.name, reopenCount: incident.reopenCount });
    page(0);
    void escalator();
    view.publish(incident);
  }

  /** Brings Slack up to date in one activity: the status message, then the thread with every new entry. */
  async function syncChat(): Promise<void> {
    dirty = false;
    const incident = s!;
    view.publish(incident);
    if (chatBroken) return;
    const base = incident.timelineDropped ?? 0;
    // Up to here: entries noted while the call runs go with the next one.
    const upTo = base + incident.timeline.length;
    const entries: { index: number; entry: TimelineEntry }[] = [];
    for (let i = Math.max(threaded, base); i < upTo; i++) {
      const entry = incident.timeline[i - base]!;
      if (!NOT_THREADED.has(entry.kind)) entries.push({ index: i, entry });
    }
    const ref = await guardChat(() => chat.chatSync({ status: { ...incident, timeline: [] }, channel: policy.channel, entries }));
    if (!ref) return;
    incident.chat = ref;
    threaded = Math.max(threaded, upTo);
  }

  /** A chat call that failed for good is a timeline entry, and later calls are not tried. */
  async function guardChat<T>(fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (err) {
      const cause = err instanceof ActivityFailure ? err.cause : err;
      const message = cause instanceof ApplicationFailure ? `${cause.type ?? 'Error'}: ${cause.message}` : describeFailure(err);
      s!.chatErrors = (s!.chatErrors ?? 0) + 1;
      chatBroken = true;
      note('notify-failed', `chat: ${message}; later messages are not sent`);
      return undefined;
    }
  }
}

function isCancelled(err: unknown): boolean {
  return err instanceof Error && /cancel/i.test(`${err.name} ${err.message} ${String((err as { cause?: unknown }).cause)}`);
}

/** The incident as it first shows, from the alert that opened it. */
function opened(id: string, alert: AlertInput): IncidentStatus {
  const summary = alert.annotations['summary'] ?? alert.annotations['description'];
  return {
    id,
    service: alert.service,
    title: summary ? `${alert.name}: ${summary}` : alert.name,
    severity: alert.severity,
    state: 'triggered',
    labels: { ...alert.labels },
    openedAt: new Date().toISOString(),
    alertCount: 1,
    reopenCount: 0,
    tier: 0,
    paged: [],
    timeline: [],
    ledgerEvents: [],
  };
}

function placeholder(id: string): IncidentStatus {
  return { id, service: '', title: '', severity: '', state: 'triggered', labels: {}, openedAt: '', alertCount: 0, reopenCount: 0, tier: 0, paged: [], timeline: [], ledgerEvents: [] };
}
