/** Reading one incident for the CLI: its status, or one line saying why it cannot be read. */
import type { IncidentStatus } from '../../incidents/types.js';
import { CliError } from '../errors.js';
import type { IncidentSession } from './incident-session.js';

/** The incident's status (query while it runs, result once it ended); a `CliError` when there is none or nobody answers. */
export async function readIncident(session: IncidentSession, id: string): Promise<IncidentStatus> {
  const [{ WorkflowNotFoundError }, { getIncident }] = await Promise.all([import('@temporalio/client'), import('../../client/incident-actions.js')]);
  try {
    return await getIncident(session.client, id);
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) {
      throw new CliError(`No incident with id ${id} in namespace ${session.target.namespace}; list them with \`${session.next.list('--all')}\``);
    }
    throw new CliError(`Cannot read incident ${id}: ${err instanceof Error ? err.message : String(err)}; is a worker running? (\`npm start\`)`);
  }
}
