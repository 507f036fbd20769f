/**
 * The incident's ledger events (`incident.opened|acknowledged|escalated|resolved|reopened`
 * about `service:<name>`), built in the workflow (workflow time, deterministic ids) and
 * appended by the `ledgerRecord` local activity when the incident is about to wait.
 * Ids are based on the first run of the workflow, so they stay the same across
 * continue-as-new and differ from a later incident that reuses the workflow id.
 * A call that fails for good is counted in the status, never dropped silently.
 */
import { CancellationScope, log, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { OpsActivities } from '../activities/index.js';
import { eventId, INCIDENT_STEP, incidentEventType, type IncidentEvent } from '../events/vocabulary.js';
import type { IncidentStatus } from '../incidents/types.js';
import type { EventInput } from '../ledger/event.js';
import { describeFailure } from './failures.js';
import { LEDGER_ACTIVITY_OPTIONS } from './ledger-events.js';

const { ledgerRecord } = proxyLocalActivities<Pick<OpsActivities, 'ledgerRecord'>>(LEDGER_ACTIVITY_OPTIONS);

export class IncidentLedger {
  readonly #base: string;
  readonly #status: IncidentStatus;
  #buffer: EventInput[] = [];
  readonly #sent: Promise<void>[] = [];
  /** How many of each kind were written, so a second escalation gets its own id. */
  readonly #counts = new Map<IncidentEvent, number>();

  constructor(status: IncidentStatus) {
    const info = workflowInfo();
    this.#base = `${info.workflowId}@${info.firstExecutionRunId}`;
    this.#status = status;
    // Continued runs resume the numbering from the ids already written.
    for (const id of status.ledgerEvents) {
      const kind = /\/incident\.([a-z]+)#\d+$/.exec(id)?.[1] as IncidentEvent | undefined;
      if (kind) this.#counts.set(kind, (this.#counts.get(kind) ?? 0) + 1);
    }
  }

  record(kind: IncidentEvent, actor: string, extra: Record<string, unknown> = {}, time?: string): void {
    const n = (this.#counts.get(kind) ?? 0) + 1;
    this.#counts.set(kind, n);
    const s = this.#status;
    const event: EventInput = {
      id: eventId(this.#base, INCIDENT_STEP, `${incidentEventType(kind)}#${n}`),
      type: incidentEventType(kind),
      subject: { kind: 'service', id: s.service },
      actor,
      time: time ?? new Date().toISOString(),
      payload: { incident: s.id, title: s.title, severity: s.severity, ...(s.runbook ? { runbookId: s.runbook.id, workflowId: s.runbook.workflowId } : {}), ...extra },
    };
    s.ledgerEvents.push(event.id);
    this.#buffer.push(event);
  }

  /** Sends what is gathered (not awaited; `drain` awaits every call). */
  flush(): void {
    if (this.#buffer.length === 0) return;
    const events = this.#buffer;
    this.#buffer = [];
    this.#sent.push(
      CancellationScope.nonCancellable(() => ledgerRecord(events)).then(
        () => undefined,
        (err: unknown) => {
          const message = describeFailure(err);
          this.#status.ledgerErrors = (this.#status.ledgerErrors ?? 0) + 1;
          this.#status.ledgerError = message;
          log.error('incident ledger recording failed', { events: events.map((e) => e.id), error: message });
        },
      ),
    );
  }

  async drain(): Promise<void> {
    this.flush();
    await CancellationScope.nonCancellable(() => Promise.all(this.#sent));
  }
}
