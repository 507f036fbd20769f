import { createPrivateKey } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, type Gateway } from '@hyperledger/fabric-gateway';
import type { ConnectionProfile } from './profile.js';

/** The two ways the ledger calls its chaincode; FabricLedger needs nothing else from Fabric. */
export interface ChaincodePort {
  /** Endorse, order and wait for the commit; resolves only when the transaction is VALID. */
  submit(fn: string, ...args: string[]): Promise<string>;
  /** Run a query on one peer; nothing is ordered. */
  evaluate(fn: string, ...args: string[]): Promise<string>;
  close(): void;
}

/** Per-call deadlines (ms). Commit status waits for ordering plus block cut (BatchTimeout). */
const DEADLINES = { evaluate: 10_000, endorse: 30_000, submit: 10_000, commitStatus: 60_000 };

/**
 * Opens a gRPC connection to the profile's peer and a Gateway acting as `identityName`, signing
 * with that identity's private key file. Errors reading the files name the file.
 */
export async function connectGateway(profile: ConnectionProfile, identityName: string): Promise<ChaincodePort> {
  const identity = profile.identities[identityName];
  if (!identity) {
    throw new Error(`The Fabric connection profile has no identity \`${identityName}\` (it has: ${Object.keys(profile.identities).join(', ')})`);
  }
  const read = async (file: string, what: string): Promise<Buffer> => {
    try {
      return await readFile(file);
    } catch (error) {
      throw new Error(`Cannot read the ${what} ${file}: ${(error as Error).message}`);
    }
  };
  const [tlsCa, cert, key] = await Promise.all([
    read(profile.tlsCaCertPath, 'peer TLS CA certificate'),
    read(identity.certPath, `certificate of identity ${identityName}`),
    read(identity.keyPath, `private key of identity ${identityName}`),
  ]);
  const client = new grpc.Client(profile.peerEndpoint, grpc.credentials.createSsl(tlsCa), {
    'grpc.ssl_target_name_override': profile.hostAlias,
  });
  const gateway: Gateway = connect({
    client,
    identity: { mspId: identity.mspId, credentials: cert },
    signer: signers.newPrivateKeySigner(createPrivateKey(key)),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + DEADLINES.evaluate }),
    endorseOptions: () => ({ deadline: Date.now() + DEADLINES.endorse }),
    submitOptions: () => ({ deadline: Date.now() + DEADLINES.submit }),
    commitStatusOptions: () => ({ deadline: Date.now() + DEADLINES.commitStatus }),
  });
  const contract = gateway.getNetwork(profile.channel).getContract(profile.chaincode);
  const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
  return {
    // submitTransaction throws CommitError unless the commit status is VALID.
    submit: async (fn, ...args) => text(await contract.submitTransaction(fn, ...args)),
    evaluate: async (fn, ...args) => text(await contract.evaluateTransaction(fn, ...args)),
    close: () => {
      gateway.close();
      client.close();
    },
  };
}
