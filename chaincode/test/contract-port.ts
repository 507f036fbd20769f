/**
 * A ChaincodePort (ledger/fabric/gateway.ts) that runs the real LedgerContract on a MemoryStub
 * instead of going through a peer, and reports failures the way the gateway does (EndorseError
 * carrying `chaincode response 500, <message>`). It lets FabricLedger's batching, retry and
 * idempotency be tested here; the full network path is test/fabric/network.test.ts.
 */
import type { ChaincodePort } from '../../ledger/fabric/gateway.js';
import { chaincodeRejection, evaluateRejection } from '../../test/fabric/fabric-errors.js';
import { LedgerContract } from '../src/ledger-contract.js';
import type { MemoryStub} from './memory-stub.js';
import { contextFor, type TestIdentity } from './memory-stub.js';

type Fn = (...args: string[]) => Promise<string>;

export class ContractPort implements ChaincodePort {
  readonly contract = new LedgerContract();
  submits = 0;
  /** Called before each submit; may throw a gateway error to simulate a failure. */
  beforeSubmit: ((n: number) => void) | undefined;
  /** Called after a submit committed; may throw to simulate a lost commit status. */
  afterSubmit: ((n: number) => void) | undefined;

  constructor(
    readonly stub: MemoryStub,
    public identity: TestIdentity,
  ) {}

  #fn(name: string): Fn {
    const method = (this.contract as unknown as Record<string, unknown>)[name];
    if (typeof method !== 'function') throw new Error(`no transaction ${name}`);
    const ctx = contextFor(this.stub, this.identity);
    return (...args) => (method as (...a: unknown[]) => Promise<string>).call(this.contract, ctx, ...args);
  }

  async submit(name: string, ...args: string[]): Promise<string> {
    this.submits += 1;
    this.beforeSubmit?.(this.submits);
    this.stub.txId = `tx-${this.submits}`;
    let result: string;
    try {
      result = await this.#fn(name)(...args);
    } catch (error) {
      throw chaincodeRejection((error as Error).message);
    }
    this.afterSubmit?.(this.submits);
    return result;
  }

  async evaluate(name: string, ...args: string[]): Promise<string> {
    try {
      return await this.#fn(name)(...args);
    } catch (error) {
      throw evaluateRejection((error as Error).message);
    }
  }

  close(): void {}
}
