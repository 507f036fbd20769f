/**
 * A runbook run started by an incident tells its parent how it is doing: after
 * each published change that added transitions or moved the step it waits on,
 * one `runbookProgress` signal carries the new transitions, in order. Runs
 * without a parent (all runs recorded before this existed) send nothing, so
 * their histories replay unchanged.
 */
import { CancellationScope, getExternalWorkflowHandle, log } from '@temporalio/workflow';
import type { PendingStep } from '../incidents/types.js';
import { runbookProgress, type RunbookProgress } from './incident-messages.js';
import type { RunTracker } from './run-state.js';

/** A publisher that also tells the parent; `drain()` waits until every signal was delivered. */
export interface ParentProgress {
  publish(): void;
  drain(): Promise<void>;
}

/**
 * Wraps `publish` so it also signals the parent incident `parentId` about what changed.
 * The run must `drain()` before it ends: the server drops signals a closed workflow had
 * only initiated, and the last ones (the run's end) matter most.
 */
export function notifyingParent(publish: () => void, run: RunTracker, parentId: string): ParentProgress {
  const parent = getExternalWorkflowHandle(parentId);
  const sending: Promise<void>[] = [];
  let lastSeq = 0;
  let lastKey = '';
  let sent = 0;
  const publishAndTell = () => {
    publish();
    const s = run.status;
    const transitions = (s.transitions ?? []).filter((t) => t.seq > lastSeq);
    const current = s.currentStep === undefined ? undefined : s.steps.find((x) => x.id === s.currentStep);
    const waiting = current && (current.state === 'awaiting-approval' || current.state === 'awaiting-checklist') ? current : undefined;
    const pendingStep: PendingStep | undefined = waiting
      ? {
          id: waiting.id,
          title: waiting.title,
          state: waiting.state,
          ...(waiting.prompt !== undefined ? { prompt: waiting.prompt } : {}),
          ...(waiting.approvers ? { approvers: [...waiting.approvers] } : {}),
          ...(waiting.checklist ? { checklist: waiting.checklist.map((i) => ({ ...i })) } : {}),
        }
      : undefined;
    const key = `${s.state}\u0000${pendingStep ? `${pendingStep.id}:${pendingStep.state}:${JSON.stringify(pendingStep.checklist ?? [])}` : ''}`;
    if (transitions.length === 0 && key === lastKey) return;
    lastKey = key;
    if (transitions.length > 0) lastSeq = transitions[transitions.length - 1]!.seq;
    const progress: RunbookProgress = { n: ++sent, state: s.state, transitions: transitions.map((t) => ({ ...t })), ...(pendingStep ? { pendingStep } : {}), ...(s.error ? { error: s.error } : {}) };
    // The incident may have ended meanwhile; the run goes on regardless.
    sending.push(parent.signal(runbookProgress, progress).catch((err: unknown) => log.warn('could not tell the incident about the run', { parentId, error: String(err) })));
  };
  return {
    publish: publishAndTell,
    drain: () => CancellationScope.nonCancellable(() => Promise.all(sending)).then(() => undefined),
  };
}
