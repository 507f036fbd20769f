/** `capacityNotify`: posts the plan's message once (with its chart) and updates it in place after. */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { capacityMessage } from '../../chat/capacity-blocks.js';
import { ChatError, type Notifier } from '../../chat/notifier.js';
import type { ChatRef } from '../../incidents/types.js';
import type { CapacityStatus } from '../../workflows/capacity-messages.js';
import { chatFailureType } from '../incident/chat.js';

export interface NotifyRequest {
  workflowId: string;
  channel: string;
  status: CapacityStatus;
  /** Where the message is, after the first post. */
  ref?: ChatRef;
}

export function createCapacityNotify(notifier: Notifier) {
  return async function capacityNotify(request: NotifyRequest): Promise<ChatRef> {
    const { text, blocks } = capacityMessage(request.status, request.workflowId);
    try {
      if (request.ref) {
        await notifier.update({ ref: request.ref, text, blocks });
        return request.ref;
      }
      const image = request.status.chart ? { image: { path: request.status.chart, title: `${request.status.service} capacity plan` } } : {};
      return await notifier.post({ key: `${request.workflowId}/plan`, channel: request.channel, text, blocks, mayExist: Context.current().info.attempt > 1, ...image });
    } catch (err) {
      if (!(err instanceof ChatError)) throw err;
      throw ApplicationFailure.create({ message: err.message, type: chatFailureType(err.code), nonRetryable: !err.retryable, ...(err.retryAfterMs !== undefined ? { nextRetryDelay: err.retryAfterMs } : {}) });
    }
  };
}
