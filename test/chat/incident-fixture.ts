/** An incident status for chat tests, with the fields a test cares about overridden. */
import type { IncidentStatus } from '../../incidents/types.js';

export function incident(over: Partial<IncidentStatus> = {}): IncidentStatus {
  return {
    id: 'incident-api-HighErrorRate',
    service: 'api',
    title: 'High error rate on api',
    severity: 'critical',
    state: 'triggered',
    labels: { alertname: 'HighErrorRate', service: 'api', severity: 'critical' },
    openedAt: '2026-03-02T14:03:12.000Z',
    alertCount: 1,
    reopenCount: 0,
    tier: 0,
    paged: ['alice'],
    timeline: [],
    ledgerEvents: [],
    ...over,
  };
}

/** The same incident with its runbook waiting for approval of step `restart`. */
export function awaitingApproval(over: Partial<IncidentStatus> = {}): IncidentStatus {
  return incident({
    state: 'acknowledged',
    acknowledgedBy: 'alice',
    acknowledgedAt: '2026-03-02T14:05:00.000Z',
    runbook: {
      id: 'api-errors',
      title: 'API error rate',
      workflowId: 'runbook-api-errors-1',
      state: 'running',
      pendingStep: { id: 'restart', title: 'Restart the api pods', state: 'awaiting-approval', prompt: 'Restart 3 pods of api in prod?', approvers: ['sre'] },
    },
    ...over,
  });
}
