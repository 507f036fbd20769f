/**
 * Messages of the replica printing workflow (`printReplicaWorkflow`): a host's or a rack's
 * inventory → scale models → mesh checks → preview → slicing per build plate → OctoPrint, with
 * progress in the status query and on the print activity's heartbeat.
 */
import { defineQuery } from '@temporalio/workflow';

export const PRINT_REPLICA_WORKFLOW = 'printReplicaWorkflow';

export const replicaWorkflowId = (target: ReplicaTarget): string => ('host' in target ? `replica-${target.host}` : `replica-rack-${target.rack}`);

export type { ReplicaPart, ReplicaPlate, ReplicaState, ReplicaStatus, ReplicaTarget } from '../printing/status.js';
import type { ReplicaStatus, ReplicaTarget } from '../printing/status.js';

export interface ReplicaInput {
  target: ReplicaTarget;
  /** Model scale (default config `printing.scale`). */
  scale?: number;
  /** Who asked (CLI user, runbook run), for the ledger. */
  by?: string;
}

export const replicaStatus = defineQuery<ReplicaStatus>('replicaStatus');
