/** `prove` was asked about an event id the ledger has not committed. */
export class UnknownEventError extends Error {
  override name = 'UnknownEventError';
  readonly eventId: string;

  constructor(eventId: string) {
    super(`No committed event with id \`${eventId}\``);
    this.eventId = eventId;
  }
}
