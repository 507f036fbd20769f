/**
 * The demo run `npm start` shows: runbooks/service-health-check.md against the
 * local demo service, for incident INC-demo-1 (so the ledger gets incident events
 * too), under one stable workflow id so that restarting the stack finds the run
 * in flight instead of starting a second one.
 */
import { join } from 'node:path';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { startRunbook } from '../client/runbooks.js';
import { compileFile } from '../compiler/index.js';
import type { ParamSpec, Plan } from '../plan/types.js';
import { DEMO_SERVICE_PORT } from './demo-service.js';
import { StackError } from './stack-error.js';

export const DEMO_RUNBOOK = join('runbooks', 'service-health-check.md');
export const DEMO_WORKFLOW_ID = 'demo-service-health-check';
/** The incident the demo run handles: its opened/acknowledged/resolved events land in the ledger. */
export const DEMO_INCIDENT = { id: 'INC-demo-1', service: 'demo-service', title: 'Demo: the demo service needs a health check' } as const;

export interface DemoRun {
  workflowId: string;
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
