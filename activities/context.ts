import { Context } from '@temporalio/activity';

/** Where a call comes from, for log lines: the run and the step (the interpreter uses the step id as activity id). */
export function callSite(): { workflowId?: string; runId?: string; step: string; attempt: number } {
  const { info } = Context.current();
  const execution = info.workflowExecution;
  return {
    ...(execution ? { workflowId: execution.workflowId, runId: execution.runId } : {}),
    step: info.activityId,
    attempt: info.attempt,
  };
}
