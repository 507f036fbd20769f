/** Builds the real error objects @hyperledger/fabric-gateway throws, for classification tests. */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { CommitError, EndorseError, GatewayError, type ErrorDetail } from '@hyperledger/fabric-gateway';
import { CommitStatusError } from '@hyperledger/fabric-gateway/dist/commitstatuserror.js';
import { SubmitError } from '@hyperledger/fabric-gateway/dist/submiterror.js';

function cause(code: status, message: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${message}`), { code, details: message, metadata: new Metadata() });
}

const detail = (message: string): ErrorDetail => ({ address: 'peer0.org1.example.com:7051', mspId: 'Org1MSP', message });

/** What the gateway throws when the chaincode function threw `message`. */
export const chaincodeRejection = (message: string): EndorseError =>
  new EndorseError({
    code: status.ABORTED,
    details: [detail(`chaincode response 500, ${message}`)],
    cause: cause(status.ABORTED, 'failed to endorse transaction, see attached details for more info'),
    transactionId: 'tx-1',
    message: '10 ABORTED: failed to endorse transaction, see attached details for more info',
  });

export const endorseFailure = (code: status, text = 'failed to collect enough transaction endorsements'): EndorseError =>
  new EndorseError({ code, details: [], cause: cause(code, text), transactionId: 'tx-1', message: `${code} ${status[code]}: ${text}` });

export const submitFailure = (code: status): SubmitError =>
  new SubmitError({ code, details: [], cause: cause(code, 'failed to send transaction to orderer'), transactionId: 'tx-1', message: `${code} ${status[code]}: failed to send transaction to orderer` });

export const commitStatusFailure = (code: status): CommitStatusError =>
  new CommitStatusError({ code, details: [], cause: cause(code, 'deadline exceeded'), transactionId: 'tx-1', message: `${code} ${status[code]}: deadline exceeded` });

export const commitFailure = (code: number): CommitError => new CommitError({ code: code as CommitError['code'], transactionId: 'tx-1', message: `Transaction tx-1 failed to commit with status code ${code}` });

/** An evaluate that failed in the chaincode (the gateway reports it as a plain GatewayError). */
export const evaluateRejection = (message: string): GatewayError =>
  new GatewayError({ code: status.UNKNOWN, details: [], cause: cause(status.UNKNOWN, `evaluate call to endorser returned error: chaincode response 500, ${message}`), message: `2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, ${message}` });
