import type { HeadKey } from '../head-keys.js';
import { LogTree } from '../log-tree.js';
import { signHead, type SignedHead } from '../signed-head.js';

/**
 * The writer's side of signed heads: the log-wide tree over every committed leaf, extended
 * after each batch is durable, and the head signed over it then. Receipts carry that head.
 */
export class HeadSigner {
  readonly #key: HeadKey;
  readonly #tree = new LogTree();
  #last: SignedHead | undefined;

  constructor(key: HeadKey, leaves: readonly string[]) {
    this.#key = key;
    for (const leaf of leaves) this.#tree.push(leaf);
  }

  get keyId(): string {
    return this.#key.keyId;
  }

  /** Adds a durable batch's leaves and signs the head that now covers them. */
  extend(leaves: readonly string[]): SignedHead {
    for (const leaf of leaves) this.#tree.push(leaf);
    return this.current();
  }

  /** The head over everything committed so far, signed once per size. */
  current(): SignedHead {
    if (this.#last?.size !== this.#tree.size) this.#last = signHead(this.#key.privateKey, this.#key.keyId, this.#tree.size, this.#tree.root());
    return this.#last;
  }
}
