/**
 * The capacity workflow: one run plans one service. Inputs (settings, hourly history, what runs)
 * → forecast on the `ml` task queue → plan (capacity/plan.ts, in workflow code) → chart and
 * message → approval when the change is large enough (Update `decidePlan`, or it expires and
 * applies nothing) → apply (Kubernetes / webhook scaler, or the hardware pool through
 * `hardware.power` under each host's lock) → `capacity.applied|rejected|expired` on the ledger
 * with the model version and who approved. A failed forecast applies nothing and fails the run.
 */
import { ApplicationFailure, CancellationScope, condition, log, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { CapacityActivities, ForecastActivities } from '../activities/capacity/index.js';
import { diffPlan } from '../capacity/diff.js';
import { makePlan } from '../capacity/plan.js';
import { poolChanges } from '../capacity/scalers/hardware-pool.js';
import { CAPACITY_STEP, capacityEventType, eventId, type CapacityEvent } from '../events/vocabulary.js';
import type { ChatRef } from '../incidents/types.js';
import { ops } from './actions.js';
import { capacityStatus, decidePlan, type CapacityDecision, type CapacityInput, type CapacityStatus } from './capacity-messages.js';
import { describeFailure } from './failures.js';
import { withHostLock } from './host-lock-client.js';

const HOUR_MS = 3_600_000;
const SEASON = 24;

const act = proxyActivities<CapacityActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5, initialInterval: '1 second', backoffCoefficient: 2 },
});

export async function capacityWorkflow(input: CapacityInput): Promise<CapacityStatus> {
  const info = workflowInfo();
  const horizon = Math.min(48, Math.max(1, input.horizon ?? 48));
  const status: CapacityStatus = { service: input.service, state: 'forecasting' };
  let directory: Record<string, string[]> = {};
  let decision: (CapacityDecision & { at: string }) | undefined;
  setHandler(capacityStatus, () => status);
  setHandler(
    decidePlan,
    (request) => {
      decision = { ...request, at: new Date().toISOString() };
      status.decision = decision;
      return status;
    },
    {
      validator: (request) => {
        if (status.state !== 'awaiting-approval') throw new Error(`The plan for ${input.service} is not awaiting approval (it is ${status.state})`);
        if (request.decision !== 'approve' && request.decision !== 'reject') throw new Error(`decision must be approve or reject, got ${String(request.decision)}`);
        const groups = status.approvers ?? [];
        if (!groups.some((g) => (directory[g] ?? []).includes(request.by))) {
          throw new Error(`${request.by} may not decide capacity plans: approvers are the groups ${groups.join(', ')} (config capacity.approvers, groups)`);
        }
      },
    },
  );

  const inputs = await act.capacityInputs({ service: input.service });
  directory = inputs.directory;
  status.approvers = inputs.approvers;
  const history = inputs.history;
  status.history = { source: history.source, hours: history.values.length, filled: history.filled ?? 0 };

  const ml = proxyActivities<ForecastActivities>({
    taskQueue: input.mlTaskQueue,
    startToCloseTimeout: '5 minutes',
    scheduleToStartTimeout: '10 minutes',
    retry: { maximumAttempts: 3, initialInterval: '2 seconds', backoffCoefficient: 2 },
  });
  let chat: ChatRef | undefined;
  const notify = async (): Promise<void> => {
    try {
      chat = await act.capacityNotify({ workflowId: info.workflowId, channel: inputs.channel, status, ...(chat ? { ref: chat } : {}) });
    } catch (err) {
      // The message is for people; a chat outage must not stop or undo the plan.
      log.warn('capacity message not sent', { error: describeFailure(err) });
    }
  };

  let forecast;
  try {
    forecast = await ml.capacityForecast({ service: input.service, values: history.values, horizon, season: SEASON });
  } catch (err) {
    status.state = 'failed';
    status.error = `forecast failed: ${describeFailure(err)}`;
    await notify();
    throw ApplicationFailure.nonRetryable(`${input.service}: ${status.error}; nothing was applied`, 'ForecastFailed');
  }
  const { point: _point, ...shown } = forecast;
  status.forecast = shown;
  const start = history.timestamps[history.timestamps.length - 1]! + HOUR_MS;
  const plan = makePlan(forecast.p90, start, inputs.current, inputs.settings);
  const diff = diffPlan(plan, inputs.settings.approval);
  status.plan = plan;
  status.diff = diff;
  const perReplica = inputs.settings.capacityPerReplica * inputs.settings.targetUtilisation;
  try {
    const { path } = await act.capacityChart({ name: info.workflowId, service: input.service, history, forecast, plan, perReplica });
    status.chart = path;
  } catch (err) {
    log.warn('capacity chart not drawn', { error: describeFailure(err) });
  }

  const base = `${info.workflowId}@${info.firstExecutionRunId}`;
  const record = async (kind: CapacityEvent, actor: string, extra: Record<string, unknown>): Promise<void> => {
    await CancellationScope.nonCancellable(() =>
      ops.ledgerRecord([
        {
          id: eventId(base, CAPACITY_STEP, capacityEventType(kind)),
          type: capacityEventType(kind),
          subject: { kind: 'service', id: input.service },
          actor,
          time: new Date().toISOString(),
          payload: { workflowId: info.workflowId, model: forecast.model, modelVersion: forecast.modelVersion, from: diff.current, to: diff.next, peak: plan.peak.replicas, ...extra },
        },
      ]),
    ).catch((err: unknown) => log.warn('capacity ledger event not recorded', { error: describeFailure(err) }));
  };

  if (diff.change === 0) {
    status.state = 'unchanged';
    await notify();
    return status;
  }
  let approvedBy: string | undefined;
  if (diff.needsApproval) {
    status.state = 'awaiting-approval';
    await notify();
    const answered = await condition(() => decision !== undefined, inputs.settings.approval.timeout as `${number}${'ms' | 's' | 'm' | 'h' | 'd'}`);
    if (!answered) {
      status.state = 'expired';
      await record('expired', 'swaybot', { timeout: inputs.settings.approval.timeout });
      await notify();
      return status;
    }
    if (decision!.decision === 'reject') {
      status.state = 'rejected';
      await record('rejected', decision!.by, { reason: decision!.reason ?? null });
      await notify();
      return status;
    }
    approvedBy = decision!.by;
  }

  status.state = 'applying';
  await notify();
  const planId = `${info.workflowId}/${new Date(start).toISOString()}`;
  try {
    if (inputs.settings.scaler.kind === 'hardware-pool') {
      const power = await act.capacityPoolPower({ hosts: inputs.settings.scaler.hosts });
      const change = poolChanges(inputs.settings.scaler.hosts, new Map(Object.entries(power)), diff.next);
      const changes: string[] = [];
      for (const host of change.powerOn) {
        await withHostLock(host, `capacity:${input.service}`, () => ops.hardwarePower({ host, state: 'on', wait: '45s' }));
        changes.push(`${host} powered on`);
      }
      for (const host of change.powerOff) {
        await withHostLock(host, `capacity:${input.service}`, () => ops.hardwarePower({ host, state: 'soft', wait: '45s' }));
        changes.push(`${host} powered off`);
      }
      status.applied = { from: change.running, to: change.target, changes };
    } else {
      const result = await act.capacityApply({ service: input.service, replicas: diff.next, planId, modelVersion: forecast.modelVersion, ...(approvedBy ? { approvedBy } : {}) });
      status.applied = result;
    }
  } catch (err) {
    status.state = 'failed';
    status.error = `apply failed: ${describeFailure(err)}`;
    await notify();
    throw ApplicationFailure.nonRetryable(`${input.service}: ${status.error}`, 'ApplyFailed');
  }
  status.state = 'applied';
  await record('applied', approvedBy ?? 'swaybot', { approvedBy: approvedBy ?? null, changes: status.applied.changes, planId });
  await notify();
  return status;
}
