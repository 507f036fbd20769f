import { SwaybotError } from '../../errors/index.js';

/** `prove` was asked about an event id the ledger has not committed. */
export class UnknownEventError extends SwaybotError {
  override name = 'UnknownEventError';
  readonly retryable = false;
  readonly eventId: string;

  constructor(eventId: string) {
    super(`No committed event with id \`${eventId}\``, { details: { eventId } });
    this.eventId = eventId;
  }
}
