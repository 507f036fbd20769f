import { SwaybotError } from '../../errors/index.js';

/**
 * An append reused an event id whose recorded content differs. A retried activity sends
 * identical content and is answered with the existing receipt instead; this error means two
 * different facts claimed one id, which retrying cannot fix.
 */
export class DuplicateEventError extends SwaybotError {
  override name = 'DuplicateEventError';
  readonly retryable = false;
  readonly eventId: string;

  constructor(eventId: string, existingHash: string, newHash: string) {
    super(
      `Event id \`${eventId}\` is already recorded with different content ` +
        `(recorded hash ${existingHash.slice(0, 12)}…, new hash ${newHash.slice(0, 12)}…)`,
      { details: { eventId } },
    );
    this.eventId = eventId;
  }
}
