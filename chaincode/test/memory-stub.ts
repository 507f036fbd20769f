import type { Context } from 'fabric-contract-api';

/**
 * In-memory stand-ins for the peer side of a transaction: the standard way to unit-test
 * chaincode. MemoryStub keeps a sorted world state, applies writes at once (a real peer applies
 * them at commit; tests run one transaction at a time, so nothing can tell the difference) and
 * follows Fabric's key rules: composite keys are NUL-separated, an empty value deletes.
 */
export class MemoryStub {
  readonly state = new Map<string, Uint8Array>();
  readonly events: { name: string; payload: string }[] = [];
  txId = 'tx-1';

  getTxID(): string {
    return this.txId;
  }

  async getState(key: string): Promise<Uint8Array> {
    return this.state.get(key) ?? new Uint8Array();
  }

  async putState(key: string, value: Uint8Array): Promise<void> {
    if (value.length === 0) this.state.delete(key);
    else this.state.set(key, Uint8Array.from(value));
  }

  createCompositeKey(objectType: string, attributes: string[]): string {
    for (const part of [objectType, ...attributes]) {
      if (typeof part !== 'string' || part.length === 0) throw new Error('object type or attribute not a non-zero length string');
    }
    return `\u0000${[objectType, ...attributes].join('\u0000')}\u0000`;
  }

  splitCompositeKey(key: string): { objectType: string | null; attributes: string[] } {
    const parts = key.slice(1).split('\u0000');
    parts.pop();
    return { objectType: parts.shift() ?? null, attributes: parts };
  }

  /** Key-ordered entries under a partial composite key, as the peer's range scan yields them. */
  async *getStateByPartialCompositeKey(objectType: string, attributes: string[]): AsyncGenerator<{ key: string; value: Uint8Array; namespace: string }> {
    const prefix = this.createCompositeKey(objectType, attributes);
    const keys = [...this.state.keys()].filter((k) => k.startsWith(prefix)).sort();
    for (const key of keys) yield { key, value: this.state.get(key) as Uint8Array, namespace: 'ledger' };
  }

  setEvent(name: string, payload: Uint8Array): void {
    this.events.push({ name, payload: Buffer.from(payload).toString('utf8') });
  }
}

/** The submitting identity: its MSP and its certificate attributes. */
export class TestIdentity {
  constructor(
    readonly mspId: string,
    readonly attributes: Record<string, string> = {},
  ) {}

  getMSPID(): string {
    return this.mspId;
  }

  getID(): string {
    return `x509::CN=test::CN=ca.${this.mspId}`;
  }

  getAttributeValue(name: string): string | null {
    return this.attributes[name] ?? null;
  }

  assertAttributeValue(name: string, value: string): boolean {
    return this.attributes[name] === value;
  }
}

export const writer = (): TestIdentity => new TestIdentity('Org1MSP', { 'swaybot.role': 'writer' });

/** A transaction context over `stub` as `identity`. */
export function contextFor(stub: MemoryStub, identity: TestIdentity): Context {
  return { stub, clientIdentity: identity } as unknown as Context;
}
