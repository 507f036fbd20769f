/**
 * The chat side of incidents: the notifier contract, Block Kit messages, the
 * Slack and console notifiers, and Slack request signing. The local Slack
 * (tests and the demo) is imported from `chat/local-slack/index.js` on its own.
 */
export { ChatError, type Block, type ChatMessage, type ChatUpdate, type Notifier } from './notifier.js';
export {
  ACTIONS,
  ACTIONS_BLOCK_ID,
  STATE_EMOJI,
  encodeActionValue,
  fitBlocks,
  incidentMessage,
  parseActionValue,
  slackMentions,
  timelineText,
  type ActionValue,
  type IncidentMessageOptions,
  type ParsedActionValue,
} from './blocks.js';
export { isIncidentActionId, type IncidentActionId, type IncidentActionName } from './actions.js';
export { SlackNotifier, MESSAGE_EVENT_TYPE, type SlackNotifierOptions } from './slack-notifier.js';
export { ConsoleNotifier, messageLines, type ConsoleNotifierOptions } from './console-notifier.js';
export { signSlackRequest, verifySlackRequest, type VerifyResult, type VerifySlackRequest } from './signing.js';
export { SLACK_LIMITS, escapeMrkdwn, mrkdwnToPlain, truncate } from './slack-text.js';
export { toChatError } from './slack-errors.js';
