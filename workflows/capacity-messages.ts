/**
 * Messages of the capacity workflow, shared by the workflow, the client, the CLI and the Slack
 * app. One run plans one service: forecast → plan → (approval) → apply → ledger.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';

export const CAPACITY_WORKFLOW = 'capacityWorkflow';
export const CAPACITY_RETRAIN_WORKFLOW = 'capacityRetrainWorkflow';

/** Schedule id of a service's capacity schedule; workflow ids start with it too. */
export const capacityScheduleId = (service: string): string => `capacity-${service}`;

export interface CapacityInput {
  service: string;
  /** Task queue of the `ml` worker that runs the forecast. */
  mlTaskQueue: string;
  /** Hours to forecast and plan (at most 48). */
  horizon?: number;
}

export type { CapacityDecision, CapacityState, CapacityStatus } from '../capacity/status.js';
import type { CapacityDecision, CapacityStatus } from '../capacity/status.js';

/** Approve or reject the plan. Validator: the plan awaits approval and `by` is in an approver group. */
export const decidePlan = defineUpdate<CapacityStatus, [CapacityDecision]>('decidePlan');
export const capacityStatus = defineQuery<CapacityStatus>('capacityStatus');

export const CAPACITY_RETRAIN_SCHEDULE = 'capacity-retrain';

export interface RetrainInput {
  mlTaskQueue: string;
}

export interface RetrainResult {
  /** The model in use after this run, and the candidate it trained. */
  model: string;
  candidate: string;
  /** Held-out mean sMAPE of the model that was in use, and of the candidate. */
  current?: number;
  candidateScore: number;
  kept: 'candidate' | 'current';
  services: string[];
  /** Services whose history could not be read, with why. */
  skipped: string[];
}
