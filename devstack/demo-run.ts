/**
 * The demo `npm start` shows: a `ServiceDegraded` alert for the local demo service,
 * posted to the worker's real alert receiver, opens an incident; the incident runs
 * runbooks/service-health-check.md (its `match` fits) as a child against the demo
 * service. Stable ids (the alert's dedupe key is `demo`) let a restarted stack find
 * the incident and its run in flight instead of starting a second one.
 */
import { join } from 'node:path';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { startRunbook } from '../client/runbooks.js';
import { compileFile } from '../compiler/index.js';
import type { ParamSpec, Plan } from '../plan/types.js';
import { incidentWorkflowId } from '../incidents/key.js';
import { DEMO_SERVICE_PORT } from './demo-service.js';
import { StackError } from './stack-error.js';

export const DEMO_RUNBOOK = join('runbooks', 'service-health-check.md');
export const DEMO_WORKFLOW_ID = 'demo-service-health-check';
/** The demo alert's service and dedupe key, so its incident always has the same id. */
export const DEMO_SERVICE = 'demo-service';
export const DEMO_ALERT_KEY = 'demo';
export const DEMO_INCIDENT_ID = incidentWorkflowId(DEMO_SERVICE, DEMO_ALERT_KEY);
/** The incident's runbook run (a child of the incident): the run the demo follows. */
export const DEMO_INCIDENT_RUN = `${DEMO_INCIDENT_ID}.runbook`;
/** The incident the demo run handles: its opened/acknowledged/resolved events land in the ledger. */
export const DEMO_INCIDENT = { id: 'INC-demo-1', service: 'demo-service', title: 'Demo: the demo service needs a health check' } as const;

export interface DemoRun {
  workflowId: string;
  /** The incident the run serves, when the demo went through an alert. */
  incidentId?: string;
  plan: Plan;
  /** True when the run was already in flight (the stack was restarted). */
  resumed: boolean;
}

export interface DemoRunOptions {
  root: string;
  /** Base URL of the demo service actually started. */
  serviceUrl: string;
  taskQueue: string;
  directory: Record<string, string[]>;
  workflowId?: string;
}

/** Compiles the demo runbook; its problems become a `StackError` with file:line:column. */
export async function compileDemo(root: string): Promise<Plan> {
  const path = join(root, DEMO_RUNBOOK);
  const { plan, file } = await compileFile(path);
  const errors = file.messages.filter((m) => m.fatal === true);
  if (!plan || errors.length > 0) {
    const lines = errors.map((m) => `  ${path}:${m.line ?? 1}:${m.column ?? 1}  ${m.reason}  ${m.ruleId ?? ''}`);
    throw new StackError(`The demo runbook does not compile:\n${lines.join('\n')}`);
  }
  return plan;
}

/**
 * Parameters that point the runbook at the demo service: any parameter whose
 * default names the demo service's usual address gets the address it really has.
 */
export function demoParams(specs: readonly ParamSpec[], serviceUrl: string): Record<string, string> {
  const params: Record<string, string> = {};
  const usual = new RegExp(`https?://(127\\.0\\.0\\.1|localhost):${DEMO_SERVICE_PORT}`);
  for (const spec of specs) {
    if (typeof spec.default === 'string' && usual.test(spec.default)) {
      params[spec.name] = spec.default.replace(usual, serviceUrl.replace(/\/$/, ''));
    }
  }
  return params;
}

/** Starts the demo run unless one with the same id is in flight. */
export async function ensureDemoRun(client: Client, options: DemoRunOptions): Promise<DemoRun> {
  const plan = await compileDemo(options.root);
  const workflowId = options.workflowId ?? DEMO_WORKFLOW_ID;
  try {
    await startRunbook(client, {
      plan,
      params: demoParams(plan.params, options.serviceUrl),
      incident: { ...DEMO_INCIDENT },
      taskQueue: options.taskQueue,
      directory: options.directory,
      workflowId,
    });
    return { workflowId, plan, resumed: false };
  } catch (err) {
    // Temporal refuses a second open run with the same id: that run is ours, from before.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, plan, resumed: true };
    throw err;
  }
}

export interface DemoIncidentOptions {
  root: string;
  /** Base URL of the demo service actually started (the alert carries it as the `baseUrl` label). */
  serviceUrl: string;
  /** The worker's alert receiver. */
  alertsUrl: string;
  /** How long to wait for the incident to start its runbook run (default 60 s). */
  timeoutMs?: number;
}

/**
 * Fires the demo alert through the real receiver unless the demo incident is already open,
 * then waits until the incident started its runbook run, and returns that run.
 */
export async function ensureDemoIncident(client: Client, options: DemoIncidentOptions): Promise<DemoRun> {
  const plan = await compileDemo(options.root);
  const resumed = await isRunning(client, DEMO_INCIDENT_ID);
  if (!resumed) {
    const alert = {
      name: 'ServiceDegraded',
      service: DEMO_SERVICE,
      severity: 'warning',
      dedupeKey: DEMO_ALERT_KEY,
      labels: { baseUrl: options.serviceUrl.replace(/\/$/, '') },
      annotations: { summary: 'the demo service reports degraded health' },
    };
    let response: Response;
    try {
      response = await fetch(`${options.alertsUrl}/api/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(alert) });
    } catch (err) {
      throw new StackError(`The demo alert could not be posted to the alert receiver at ${options.alertsUrl}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (!response.ok) throw new StackError(`The alert receiver refused the demo alert (${response.status}): ${await response.text()}`);
  }
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (!(await exists(client, DEMO_INCIDENT_RUN))) {
    if (Date.now() > deadline) {
      throw new StackError(`Incident ${DEMO_INCIDENT_ID} did not start its runbook run within ${Math.round((options.timeoutMs ?? 60_000) / 1000)} s; see \`swaybot incident show ${DEMO_INCIDENT_ID}\``);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { workflowId: DEMO_INCIDENT_RUN, incidentId: DEMO_INCIDENT_ID, plan, resumed };
}

async function isRunning(client: Client, workflowId: string): Promise<boolean> {
  try {
    return (await client.workflow.getHandle(workflowId).describe()).status.name === 'RUNNING';
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}

async function exists(client: Client, workflowId: string): Promise<boolean> {
  try {
    await client.workflow.getHandle(workflowId).describe();
    return true;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return false;
    throw err;
  }
}
