/** Turns the ways an update can fail into one line a person can act on, with a hint of its own per refusal. */
import { WorkflowNotFoundError } from '@temporalio/client';
import { UpdateRejectedError } from '../../client/runbooks.js';
import { configFile } from '../../config/load.js';
import { CliError } from '../errors.js';
import { signingKeyPath } from '../user.js';

/** What was sent: a decision (`approve`, `reject`) or a `tick`. */
export type SendKind = 'approve' | 'reject' | 'tick';

export function explainSendError(workflowId: string, step: string, what: SendKind, env: NodeJS.ProcessEnv): (err: unknown) => never {
  return (err: unknown) => {
    if (err instanceof UpdateRejectedError) {
      const hint = refusalHint(err, workflowId, env);
      throw new CliError(`Cannot ${what} ${step} of ${workflowId}: ${err.message}${hint ? `\n  ${hint}` : ''}`);
    }
    if (err instanceof WorkflowNotFoundError || (err as Error).name === 'WorkflowNotFoundError') {
      throw new CliError(`No run with id ${workflowId} (or it has finished); list runs with \`npx swaybot runbook list\` or in the Web UI`);
    }
    throw err;
  };
}

/** The next thing to try for each refusal; none where the message says it all. */
function refusalHint(err: UpdateRejectedError, workflowId: string, env: NodeJS.ProcessEnv): string | undefined {
  const status = `\`npx swaybot runbook status ${workflowId}\``;
  switch (err.reason) {
    case 'NotAnApprover':
    case 'NoApprovers':
      return approverHint(env);
    case 'Unsigned':
    case 'BadSignature':
      return keyHint(env);
    case 'StaleSignature':
      return 'Run the command again: it signs with the time now.';
    case 'SelfApproval':
      return `Ask another member of the step's approver groups; ${status} names them.`;
    case 'UnknownStep':
    case 'NotAwaitingApproval':
    case 'NotAwaitingChecklist':
    case 'NotManualStep':
    case 'UnknownItem':
      return `${status} shows each step's state and what it waits for.`;
    default:
      // Already decided, already done, nothing open, a malformed request: the message is the whole story.
      return undefined;
  }
}

/** How decisions get signed, and where the worker looks for the public key. */
function keyHint(env: NodeJS.ProcessEnv): string {
  const { path, chosen } = signingKeyPath(undefined, env);
  const which = chosen ? `$SWAYBOT_SSH_KEY (${path})` : `${path}`;
  return (
    `Decisions are signed with your SSH key: --key <file>, else ${which}; make one with \`ssh-keygen -t ed25519\` and add its .pub line ` +
    "to approvals.directory.people.<you>.keys in the worker's configuration (docs/security.md#approvals-and-identity)."
  );
}

/** Where the approver groups come from: the config file in use, or how to create one. */
function approverHint(env: NodeJS.ProcessEnv): string {
  const act = 'act as a member with --as <user> or SWAYBOT_USER';
  let file: string | undefined;
  try {
    file = configFile(env);
  } catch {
    file = undefined;
  }
  if (file) return `Approvers are the \`groups\` in ${file} (as the worker loaded it; \`npx swaybot config show\` prints them); ${act}.`;
  return (
    'Approvers are the `groups` of the configuration; no config file is in use, so the defaults apply ' +
    '(`npx swaybot config show` prints them). To change them, copy swaybot.config.example.yaml to swaybot.config.yaml ' +
    `(or point SWAYBOT_CONFIG at a file) and restart the worker; or ${act}.`
  );
}
