import { status as GrpcStatus } from '@grpc/grpc-js';
import { CommitError, GatewayError, StatusCode } from '@hyperledger/fabric-gateway';

/**
 * Sorts what @hyperledger/fabric-gateway throws into what the ledger does about it:
 * - `rejected`: the chaincode refused (its error message reached us through the endorsement or
 *   evaluation details). Permanent: the same batch gets the same answer.
 * - `retry`: worth another attempt with a fresh transaction. MVCC_READ_CONFLICT and
 *   PHANTOM_READ_CONFLICT (another writer committed keys this batch read, e.g. `batchCount`),
 *   and gRPC failures that mean "no answer" (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED,
 *   ABORTED without a chaincode message, e.g. no endorser reachable). A retried batch whose
 *   first attempt did commit comes back as DUPLICATE_EVENT and resolves to the stored receipts.
 * - `fatal`: every other commit code (ENDORSEMENT_POLICY_FAILURE means the channel's policy and
 *   our identity disagree; retrying re-sends the same signatures) and gRPC refusals such as
 *   PERMISSION_DENIED, NOT_FOUND or INVALID_ARGUMENT (wrong channel, chaincode or identity).
 * Anything that is not a Fabric error is `unknown` and left to the caller.
 */
export type Classified =
  | { kind: 'rejected'; code: string; reason: string }
  | { kind: 'retry'; code: string; reason: string }
  | { kind: 'fatal'; code: string; reason: string }
  | { kind: 'unknown' };

const RETRY_COMMIT = new Set<number>([StatusCode.MVCC_READ_CONFLICT, StatusCode.PHANTOM_READ_CONFLICT]);
const RETRY_GRPC = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.RESOURCE_EXHAUSTED, GrpcStatus.ABORTED]);
/** How the peer wraps a chaincode error: `chaincode response 500, <message>`. */
const CHAINCODE_MESSAGE = /chaincode response \d+, ([\s\S]*)$/;
/** The chaincode's messages start with a code: `DUPLICATE_EVENT: …`. */
const CODED = /^([A-Z][A-Z_]+): ([\s\S]*)$/;

const commitName = (code: number): string =>
  Object.entries(StatusCode).find(([, value]) => value === code)?.[0] ?? `TX_VALIDATION_CODE_${code}`;
const grpcName = (code: number): string => GrpcStatus[code] ?? `GRPC_${code}`;

/** The chaincode's own error message inside a gateway error, if the chaincode produced one. */
export function chaincodeMessage(error: GatewayError): string | undefined {
  for (const text of [...error.details.map((d) => d.message), error.message]) {
    const m = CHAINCODE_MESSAGE.exec(text);
    if (m?.[1]) return m[1].trim();
  }
  return undefined;
}

export function classify(error: unknown): Classified {
  if (error instanceof CommitError) {
    const code = commitName(error.code);
    const reason = `transaction ${error.transactionId} was invalidated with ${code}`;
    return { kind: RETRY_COMMIT.has(error.code) ? 'retry' : 'fatal', code, reason };
  }
  if (error instanceof GatewayError) {
    const message = chaincodeMessage(error);
    if (message !== undefined) {
      const coded = CODED.exec(message);
      return { kind: 'rejected', code: coded?.[1] ?? 'CHAINCODE_ERROR', reason: coded?.[2] ?? message };
    }
    const code = grpcName(error.code);
    const detail = error.details.map((d) => `${d.mspId}@${d.address}: ${d.message}`).join('; ');
    const reason = detail ? `${error.message} (${detail})` : error.message;
    return { kind: RETRY_GRPC.has(error.code) ? 'retry' : 'fatal', code, reason };
  }
  return { kind: 'unknown' };
}
