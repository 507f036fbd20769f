/** Replica printing from the CLI: start a run (one per host or rack at a time), read its status, cancel it. */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { PRINT_REPLICA_WORKFLOW, replicaStatus, replicaWorkflowId, type ReplicaInput, type ReplicaStatus } from '../workflows/replica-messages.js';

export class ReplicaAlreadyPrintingError extends Error {
  override name = 'ReplicaAlreadyPrintingError';
}

export async function startReplicaPrint(client: Client, taskQueue: string, input: ReplicaInput): Promise<string> {
  const workflowId = replicaWorkflowId(input.target);
  try {
    await client.workflow.start(PRINT_REPLICA_WORKFLOW, { workflowId, taskQueue, args: [input] });
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) throw new ReplicaAlreadyPrintingError(`${workflowId} is already running: see \`swaybot replica status ${workflowId}\`, or cancel it first`);
    throw err;
  }
  return workflowId;
}

/** The run's status: its query while it runs, its result once it ended (a failed run: the last status the query gave is gone, so the failure is thrown). */
export async function getReplicaRun(client: Client, workflowId: string): Promise<ReplicaStatus> {
  const handle = client.workflow.getHandle(workflowId);
  const described = await handle.describe();
  if (described.status.name === 'RUNNING') return handle.query(replicaStatus);
  return (await handle.result()) as ReplicaStatus;
}

export async function listReplicaRuns(client: Client, limit = 20): Promise<{ id: string; status: string; start: Date }[]> {
  const out: { id: string; status: string; start: Date }[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowType = '${PRINT_REPLICA_WORKFLOW}'`, pageSize: limit })) {
    out.push({ id: w.workflowId, status: w.status.name, start: w.startTime });
    if (out.length >= limit) break;
  }
  return out;
}
