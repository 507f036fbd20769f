/** Workflow bundle entry: every workflow the ops worker runs. */
export { runbookWorkflow } from './runbook.js';
export { hostLockWorkflow } from './host-lock.js';
export { incidentWorkflow } from './incident.js';
export { capacityWorkflow } from './capacity.js';
export { capacityRetrainWorkflow } from './capacity-retrain.js';
export { printReplicaWorkflow } from './replica.js';
