/**
 * scripts/fabric/mint-writer.sh issues the ledger's writer certificate (cryptogen cannot add
 * attributes). This checks, with real openssl and fabric-shim's real ClientIdentity (what the
 * chaincode sees at run time), that the attribute arrives and the access check accepts it.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ClientIdentity } from 'fabric-shim';
import { afterAll, describe, expect, it } from 'vitest';
import { assertWriter } from '../src/access.js';
import { makeCa } from './certs.js';
import { MemoryStub, contextFor, type TestIdentity } from './memory-stub.js';

const script = path.resolve(import.meta.dirname, '../../scripts/fabric/mint-writer.sh');
const dir = mkdtempSync(path.join(tmpdir(), 'swaybot-mint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function identityOf(msp: string, mspId: string): ClientIdentity {
  const idBytes = readFileSync(path.join(msp, 'signcerts/cert.pem'));
  return new ClientIdentity({ getCreator: () => ({ mspid: mspId, idBytes }), getChannelID: () => 'swaybot', getTxID: () => 'tx-1' } as never);
}

describe('mint-writer.sh', () => {
  const ca = makeCa(dir);

  it('issues a certificate whose swaybot.role attribute the chaincode reads and accepts', () => {
    const msp = path.join(dir, 'writer');
    execFileSync('bash', [script, ca.cert, ca.key, msp]);
    const identity = identityOf(msp, 'Org1MSP');
    expect(identity.getAttributeValue('swaybot.role')).toBe('writer');
    expect(identity.getID()).toContain('/OU=client/CN=writer@org1.example.com');
    expect(() => assertWriter(contextFor(new MemoryStub(), identity as unknown as TestIdentity))).not.toThrow();
    // The certificate really is signed by the CA.
    expect(execFileSync('openssl', ['verify', '-CAfile', ca.cert, path.join(msp, 'signcerts/cert.pem')]).toString()).toContain(': OK');
  });

  it('a certificate with another role, or another MSP, is refused by the access check', () => {
    const msp = path.join(dir, 'auditor');
    execFileSync('bash', [script, ca.cert, ca.key, msp, 'auditor']);
    const auditor = identityOf(msp, 'Org1MSP') as unknown as TestIdentity;
    expect(() => assertWriter(contextFor(new MemoryStub(), auditor))).toThrow('this identity has swaybot.role=auditor');
    const foreign = identityOf(path.join(dir, 'writer'), 'Org2MSP') as unknown as TestIdentity;
    expect(() => assertWriter(contextFor(new MemoryStub(), foreign))).toThrow('this one belongs to Org2MSP');
  });
});
