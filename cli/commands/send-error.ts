/** Turns the ways an update can fail into one line a person can act on. */
import { WorkflowNotFoundError } from '@temporalio/client';
import { UpdateRejectedError } from '../../client/runbooks.js';
import { CliError } from '../errors.js';

export function explainSendError(workflowId: string, step: string, what: string): (err: unknown) => never {
  return (err: unknown) => {
    if (err instanceof UpdateRejectedError) {
      const hint = what === 'tick' ? '' : '\n  Approvers are the `groups` in swaybot.config.yaml; act as one with --as <user> or SWAYBOT_USER.';
      throw new CliError(`Cannot ${what} ${step}: ${err.message}${hint}`);
    }
    if (err instanceof WorkflowNotFoundError || (err as Error).name === 'WorkflowNotFoundError') {
      throw new CliError(`No run with id ${workflowId} (or it has finished); list runs in the Web UI or with \`temporal workflow list\``);
    }
    throw err;
  };
}
