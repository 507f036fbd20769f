import type { Context } from 'fabric-contract-api';

/**
 * Who may append: identities of the writer MSP whose certificate carries the attribute
 * `swaybot.role=writer` (Fabric CA enrollment attribute, X.509 extension 1.2.3.4.5.6.7.8.1).
 * Reading is open to every member of the channel: the channel's own policies decide who that is.
 */
export const WRITER_MSP = 'Org1MSP';
export const WRITER_ATTRIBUTE = 'swaybot.role';
export const WRITER_VALUE = 'writer';

/** Throws `ACCESS_DENIED: …` unless the submitting identity may append. */
export function assertWriter(ctx: Context): void {
  const identity = ctx.clientIdentity;
  const msp = identity.getMSPID();
  if (msp !== WRITER_MSP) {
    throw new Error(`ACCESS_DENIED: only ${WRITER_MSP} identities may append to the ledger; this one belongs to ${msp}`);
  }
  const role = identity.getAttributeValue(WRITER_ATTRIBUTE);
  if (role !== WRITER_VALUE) {
    throw new Error(
      `ACCESS_DENIED: appending needs the certificate attribute ${WRITER_ATTRIBUTE}=${WRITER_VALUE}; ` +
        `this identity has ${role === null ? 'no such attribute' : `${WRITER_ATTRIBUTE}=${role}`}`,
    );
  }
}
