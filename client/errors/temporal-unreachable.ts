/** No Temporal frontend answered with these connection settings; the message says why and what to set, never a secret. */
export class TemporalUnreachableError extends Error {
  override name = 'TemporalUnreachableError';

  constructor(
    readonly address: string,
    /** What went wrong, e.g. "the server requires a client certificate (mTLS) and none was sent: set …". */
    readonly reason: string,
    /** How the connection was secured, e.g. `mTLS, API key`; undefined for a plain connection. */
    readonly security: string | undefined,
    options?: { cause?: unknown; refused?: 'UNAUTHENTICATED' | 'PERMISSION_DENIED' },
  ) {
    super(`Cannot connect to Temporal at ${address}${security ? ` over ${security}` : ''}: ${reason}`, options);
    this.refused = options?.refused;
  }

  /** Set when a server answered but refused the caller's credentials (its gRPC status). */
  readonly refused: 'UNAUTHENTICATED' | 'PERMISSION_DENIED' | undefined;
}
