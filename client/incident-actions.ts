/**
 * Acting on incidents from the CLI and the Slack app: list them (visibility, by
 * the IncidentState/Service/Severity search attributes), read one (status query,
 * or the result of an ended one), and send the Updates people act with. A refusal
 * by the workflow's validator is an `IncidentRefusedError` saying why.
 */
import { WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import type { IncidentStatus } from '../incidents/types.js';
import {
  INCIDENT_WORKFLOW,
  IncidentServiceKey,
  IncidentSeverityKey,
  IncidentStateKey,
  acknowledge,
  addNote,
  escalate,
  incidentDecide,
  incidentStatus,
  incidentTick,
  markFalsePositive,
  resolve,
} from '../workflows/incident-messages.js';
import type { DecisionRequest, StepStatus } from '../workflows/messages.js';
import { IncidentRefusedError } from './errors/incident-refused.js';

export { IncidentRefusedError };

export interface IncidentSummary {
  id: string;
  state: string;
  service: string;
  severity: string;
  startTime: Date;
  open: boolean;
}

export interface IncidentListOptions {
  /** Only incidents not ended (the default), or every one. */
  all?: boolean;
  state?: string;
  service?: string;
  limit?: number;
}

/** The visibility query for `options`; values are quoted, so a service name cannot change the query. */
export function incidentListQuery(options: IncidentListOptions): string {
  const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const parts = [`WorkflowType = '${INCIDENT_WORKFLOW}'`];
  if (!options.all) parts.push(`ExecutionStatus = 'Running'`);
  if (options.state) parts.push(`${IncidentStateKey.name} = ${quote(options.state)}`);
  if (options.service) parts.push(`${IncidentServiceKey.name} = ${quote(options.service)}`);
  return parts.join(' AND ');
}

/** Incidents, newest first. */
export async function listIncidents(client: Client, options: IncidentListOptions = {}): Promise<IncidentSummary[]> {
  const out: IncidentSummary[] = [];
  const limit = options.limit ?? 50;
  for await (const w of client.workflow.list({ query: incidentListQuery(options), pageSize: Math.min(limit, 100) })) {
    const sa = w.typedSearchAttributes;
    out.push({
      id: w.workflowId,
      state: sa.get(IncidentStateKey) ?? '?',
      service: sa.get(IncidentServiceKey) ?? '?',
      severity: sa.get(IncidentSeverityKey) ?? '?',
      startTime: w.startTime,
      open: w.status.name === 'RUNNING',
    });
    if (out.length >= limit) break;
  }
  return out;
}

/** The incident's status: its query while it runs, its result once it ended. */
export async function getIncident(client: Client, id: string): Promise<IncidentStatus> {
  const handle = client.workflow.getHandle(id);
  const described = await handle.describe();
  if (described.status.name === 'RUNNING') return handle.query(incidentStatus);
  return (await handle.result()) as IncidentStatus;
}

export const acknowledgeIncident = (client: Client, id: string, by: string, reason?: string): Promise<IncidentStatus> =>
  send(() => client.workflow.getHandle(id).executeUpdate(acknowledge, { args: [{ by, ...(reason ? { reason } : {}) }] }));

export const escalateIncident = (client: Client, id: string, by: string, reason?: string): Promise<IncidentStatus> =>
  send(() => client.workflow.getHandle(id).executeUpdate(escalate, { args: [{ by, ...(reason ? { reason } : {}) }] }));

export const resolveIncident = (client: Client, id: string, by: string, reason?: string): Promise<IncidentStatus> =>
  send(() => client.workflow.getHandle(id).executeUpdate(resolve, { args: [{ by, ...(reason ? { reason } : {}) }] }));

export const markIncidentFalsePositive = (client: Client, id: string, by: string, reason?: string): Promise<IncidentStatus> =>
  send(() => client.workflow.getHandle(id).executeUpdate(markFalsePositive, { args: [{ by, ...(reason ? { reason } : {}) }] }));

export const noteIncident = (client: Client, id: string, by: string, text: string): Promise<IncidentStatus> =>
  send(() => client.workflow.getHandle(id).executeUpdate(addNote, { args: [{ by, text }] }));

/**
 * Approves or rejects the step the incident's runbook run waits on (forwarded to the run). `proof`
 * (signed by the Slack app, or a person's key, over the decision bound to the incident id) is
 * forwarded with it; without one the run believes `by` only where identity is asserted.
 */
export const decideIncidentStep = (client: Client, id: string, step: string, decision: 'approve' | 'reject', by: string, reason?: string, proof?: Pick<DecisionRequest, 'identity' | 'at' | 'signature'>): Promise<StepStatus> =>
  send(() => client.workflow.getHandle(id).executeUpdate(incidentDecide, { args: [{ step, decision, by, ...(reason ? { reason } : {}), ...proof }] }));

/** Ticks an item (or every open item) of the step the incident's runbook run waits on. */
export const tickIncidentStep = (client: Client, id: string, step: string, item: string | undefined, by: string): Promise<StepStatus> =>
  send(() => client.workflow.getHandle(id).executeUpdate(incidentTick, { args: [{ step, by, ...(item !== undefined ? { item } : {}) }] }));

async function send<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) throw new IncidentRefusedError(deepestMessage(err), { cause: err });
    throw err;
  }
}

/**
 * The message that says why: a refusal forwarded to the runbook run comes back wrapped
 * ("Activity task failed"), so the innermost failure's message is the one to show.
 */
function deepestMessage(err: Error): string {
  let message = err.message;
  for (let e: unknown = err.cause; e instanceof Error; e = e.cause) if (e.message) message = e.message;
  return message;
}
