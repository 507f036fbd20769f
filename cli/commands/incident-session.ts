/**
 * What every `swaybot incident …` command that talks to Temporal shares: a connected
 * client with the target and the next-step builder, closed after, and one line a person
 * can act on for each way an incident action can fail (a refusal by the workflow's
 * validator, with a hint of its own; an incident that does not exist).
 */
import type { Client } from '@temporalio/client';
import { CliError } from '../errors.js';
import type { CliContext } from '../context.js';
import type { Target } from '../connect.js';
import { currentUser } from '../user.js';
import { IncidentNextSteps } from './incident-next.js';

export interface IncidentSession {
  client: Client;
  target: Target;
  next: IncidentNextSteps;
}

/** Connects (one clear line when no server answers), runs `fn`, closes the connection. */
export async function withIncidentClient<T>(ctx: CliContext, fn: (session: IncidentSession) => Promise<T>): Promise<T> {
  const { connectClient, resolveTarget } = await import('../connect.js');
  const target = resolveTarget(ctx.globals(), ctx.io.env);
  const next = new IncidentNextSteps({ directory: target.config.groups, me: currentUser(undefined, ctx.io.env) });
  const { client, close } = await connectClient(target);
  try {
    return await fn({ client, target, next });
  } finally {
    await close();
  }
}

/**
 * Turns a failed incident action (`what`: `acknowledge`, `approve`, …) into a `CliError`:
 * the validator's reason once, then a hint; an unknown or ended incident names how to find it.
 */
export async function explainIncidentError(err: unknown, id: string, what: string, session: IncidentSession): Promise<never> {
  const [{ WorkflowNotFoundError }, { IncidentRefusedError }] = await Promise.all([import('@temporalio/client'), import('../../client/incident-actions.js')]);
  if (err instanceof IncidentRefusedError) {
    const hint = refusalHint(err.reason, id, session);
    throw new CliError(`Cannot ${what} ${id}: ${refusalMessage(err)}${hint ? `\n  ${hint}` : ''}`);
  }
  if (err instanceof WorkflowNotFoundError || (err instanceof Error && err.name === 'WorkflowNotFoundError')) {
    throw new CliError(`No open incident with id ${id} in namespace ${session.target.namespace}; list them with \`${session.next.list('--all')}\``);
  }
  throw err;
}

/**
 * The refusal's own words: the innermost failure that has a type (a refusal the runbook run
 * gave to a forwarded approval arrives wrapped in the activity that forwarded it).
 */
function refusalMessage(err: Error): string {
  let message = err.message;
  for (let cause: unknown = err.cause; cause instanceof Error; cause = cause.cause) {
    if ((cause as { type?: unknown }).type !== undefined && cause.message) message = cause.message;
  }
  return message;
}

/** The next thing to try for each refusal; none where the message says it all. */
function refusalHint(reason: string | undefined, id: string, session: IncidentSession): string | undefined {
  const show = `\`${session.next.show(id)}\``;
  switch (reason) {
    case 'NotAResponder': {
      const members = [...new Set(Object.values(session.target.config.groups).flat())];
      return `Responders are the members of \`groups\` in the configuration (${members.join(', ') || 'none configured'}); act as one with --as <user> or SWAYBOT_USER.`;
    }
    case 'NotAnApprover':
      return `${show} names the step's approver groups and who may decide it; act as a member with --as <user> or SWAYBOT_USER.`;
    case 'NotOpen':
    case 'NoRunbook':
    case 'NotAwaitingApproval':
    case 'NotAwaitingChecklist':
    case 'UnknownStep':
    case 'UnknownItem':
    case 'NotManualStep':
      return `${show} shows its state, its runbook and the step it waits on.`;
    default:
      // Already acknowledged, no higher tier, a malformed request: the message is the whole story.
      return undefined;
  }
}
