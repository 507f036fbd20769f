/**
 * The replica printing workflow: inventory → models (checked, with a preview) → slicing per build
 * plate → printing each plate on OctoPrint. The print activity heartbeats percent and time left
 * (the Web UI shows it on the pending activity; the status query mirrors it); cancelling the
 * workflow cancels the print on the printer. An offline or erroring printer is retried, then the
 * run fails with the printer's own message. The result (file hashes, printer, duration) goes on
 * the ledger and, with the preview, to chat.
 */
import {
  ActivityCancellationType,
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  log,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { PrintingActivities } from '../activities/printing/index.js';
import { eventId, REPLICA_STEP, replicaEventType } from '../events/vocabulary.js';
import type { ChatRef } from '../incidents/types.js';
import { ops } from './actions.js';
import { describeFailure } from './failures.js';
import { replicaStatus, type ReplicaInput, type ReplicaStatus } from './replica-messages.js';

const work = proxyActivities<PrintingActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '2 minutes',
  retry: { maximumAttempts: 2, initialInterval: '2 seconds' },
});

const printer = proxyActivities<Pick<PrintingActivities, 'replicaPrint'>>({
  // A plate may print for hours; progress heartbeats (every poll) keep it alive and show it. A
  // cancel reaches the activity with a heartbeat's answer, and heartbeats are sent at most every
  // 0.8 x this timeout: 15 s lets a cancel stop the printer within about 12 s (1 min: 48 s).
  startToCloseTimeout: '24 hours',
  heartbeatTimeout: '15 seconds',
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
  // An offline or erroring printer: five tries over about two minutes, then the run reports it.
  retry: { maximumAttempts: 5, initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', nonRetryableErrorTypes: ['ReplicaInputError', 'SlicerError'] },
});

const chat = proxyActivities<Pick<PrintingActivities, 'replicaNotify'>>({ startToCloseTimeout: '1 minute', retry: { maximumAttempts: 5 } });

export async function printReplicaWorkflow(input: ReplicaInput): Promise<ReplicaStatus> {
  const info = workflowInfo();
  const status: ReplicaStatus = { target: input.target, state: 'modelling', parts: [], plates: [], skipped: [], startedAt: new Date().toISOString() };
  setHandler(replicaStatus, () => status);
  let ref: ChatRef | undefined;
  const notify = async (): Promise<void> => {
    try {
      ref = await chat.replicaNotify({ workflowId: info.workflowId, status, ...(ref ? { ref } : {}) });
    } catch (err) {
      log.warn('replica message not sent', { error: describeFailure(err) });
    }
  };
  const fail = async (what: string, err: unknown): Promise<never> => {
    status.state = 'failed';
    status.error = `${what}: ${describeFailure(err)}`;
    status.endedAt = new Date().toISOString();
    await CancellationScope.nonCancellable(notify);
    throw ApplicationFailure.nonRetryable(status.error, 'ReplicaFailed');
  };

  try {
    const prepared = await work.replicaPrepare({ target: input.target, runId: info.workflowId, ...(input.scale !== undefined ? { scale: input.scale } : {}) }).catch((err: unknown) => fail('modelling failed', err));
    status.scale = prepared.scale;
    status.parts = prepared.parts;
    status.plates = prepared.plates;
    status.skipped = prepared.skipped;
    status.preview = prepared.preview;
    status.printer = prepared.printer;
    status.state = 'slicing';
    await notify();
    for (const plate of status.plates) {
      const sliced = await work.replicaSlice({ runId: info.workflowId, stl: plate.stl }).catch((err: unknown) => fail(`slicing plate ${plate.index} failed`, err));
      Object.assign(plate, sliced);
    }
    status.state = 'printing';
    await notify();
    for (const plate of status.plates) {
      const printed = await printer
        .replicaPrint({ gcode: plate.gcode!, name: `${info.workflowId}-plate-${plate.index}.gcode`.replace(/[^A-Za-z0-9._-]/g, '_') })
        .catch((err: unknown) => (isCancellation(err) ? Promise.reject(err) : fail(`printing plate ${plate.index} failed`, err)));
      Object.assign(plate, { percent: 100, printState: printed.finalState, printedSeconds: printed.seconds });
    }
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Cancelled: the print activity has cancelled the job on the printer (it waits for that).
    status.state = 'cancelled';
    status.endedAt = new Date().toISOString();
    await CancellationScope.nonCancellable(notify);
    throw err;
  }
  status.state = 'printed';
  status.endedAt = new Date().toISOString();
  const seconds = status.plates.reduce((s, p) => s + (p.printedSeconds ?? 0), 0);
  // One event per host printed (a rack's replicas each about their host), with the files' hashes.
  const base = `${info.workflowId}@${info.firstExecutionRunId}`;
  await CancellationScope.nonCancellable(() =>
    ops.ledgerRecord(
      status.parts.map((part) => {
        const plate = status.plates.find((p) => p.hosts.includes(part.host));
        return {
          id: eventId(base, REPLICA_STEP, `${replicaEventType('printed')}:${part.host}`),
          type: replicaEventType('printed'),
          subject: { kind: 'host' as const, id: part.host },
          actor: input.by ?? 'swaybot',
          time: status.endedAt!,
          payload: {
            workflowId: info.workflowId,
            printer: status.printer ?? null,
            scale: status.scale ?? null,
            stlSha256: part.sha256,
            plate: plate?.index ?? null,
            gcodeSha256: plate?.gcodeSha256 ?? null,
            layers: plate?.layers ?? null,
            seconds: plate?.printedSeconds ?? null,
            totalSeconds: seconds,
          },
        };
      }),
    ),
  ).catch((err: unknown) => log.warn('replica ledger event not recorded', { error: describeFailure(err) }));
  await notify();
  return status;
}
