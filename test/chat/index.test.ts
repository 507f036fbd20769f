import { describe, expect, it } from 'vitest';
import * as chat from '../../chat/index.js';
import * as localSlack from '../../chat/local-slack/index.js';

describe('chat public surface', () => {
  it('exports the notifiers, blocks, signing and errors', () => {
    expect(Object.keys(chat).sort()).toEqual(
      [
        'ACTIONS',
        'ACTIONS_BLOCK_ID',
        'ChatError',
        'ConsoleNotifier',
        'MESSAGE_EVENT_TYPE',
        'SLACK_LIMITS',
        'STATE_EMOJI',
        'SlackNotifier',
        'encodeActionValue',
        'escapeMrkdwn',
        'fitBlocks',
        'incidentMessage',
        'isIncidentActionId',
        'messageLines',
        'mrkdwnToPlain',
        'parseActionValue',
        'signSlackRequest',
        'slackMentions',
        'timelineText',
        'toChatError',
        'truncate',
        'verifySlackRequest',
      ].sort(),
    );
    expect(chat.ACTIONS).toEqual({ acknowledge: 'incident.acknowledge', escalate: 'incident.escalate', resolve: 'incident.resolve', approve: 'incident.approve', reject: 'incident.reject' });
    expect(chat.isIncidentActionId('incident.approve')).toBe(true);
    expect(chat.isIncidentActionId('incident.explode')).toBe(false);
  });

  it('keeps the local Slack apart, with its defaults', () => {
    expect(Object.keys(localSlack).sort()).toEqual(['DEFAULT_CHANNELS', 'DEFAULT_USERS', 'Faults', 'Interact', 'Recorder', 'startLocalSlack']);
    expect(localSlack.DEFAULT_CHANNELS).toEqual([{ id: 'C-INCIDENTS', name: 'incidents' }]);
  });
});
