/**
 * The incident workflow's activities: chat (post/update), runbook selection, the
 * postmortem file, and forwarding approvals to the incident's runbook run.
 * Workflows import this module as a type only.
 */
import type { Notifier } from '../../chat/notifier.js';
import type { ActivityLogger } from '../logger.js';
import { createChatActivities } from './chat.js';
import { createForwarding } from './forward.js';
import { createPostmortemWriter } from './postmortem.js';
import { createRunbookSelection } from './runbooks.js';
import { createTelemetryFeedback, type TelemetryFeedback } from './telemetry.js';

export interface IncidentActivityDeps {
  notifier: Notifier;
  /** The folder of runbooks incidents may run. */
  runbooksDir: string;
  stateDir: string;
  logger: ActivityLogger;
  /** Slack user id → swaybot user id (config `slack.users`), for mentions. */
  slackUsers: Record<string, string>;
  /** The telemetry daemon of this worker, for false-positive feedback; absent: none runs here. */
  telemetry?: TelemetryFeedback;
}

export function createIncidentActivities(deps: IncidentActivityDeps) {
  return {
    ...createChatActivities(deps.notifier, deps.slackUsers),
    ...createRunbookSelection(deps.runbooksDir, deps.logger),
    ...createPostmortemWriter(deps.stateDir),
    ...createForwarding(),
    ...createTelemetryFeedback(deps.telemetry),
  };
}

export type IncidentActivities = ReturnType<typeof createIncidentActivities>;
export type { RunbookSelection } from './runbooks.js';
export type { ForwardRequest } from './forward.js';
export type { FalsePositiveResult, TelemetryFeedback } from './telemetry.js';
export { chatFailureType, type SyncInput, type ThreadTextInput } from './chat.js';
