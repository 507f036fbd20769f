/**
 * One-shot faults of the local Slack, queued per Web API method: the next call
 * of that method gets the fault instead of (or, for `lose-response`, after) its
 * normal handling. For testing what the notifier does when Slack misbehaves.
 */

/**
 * - `ratelimited` / `ratelimited:<seconds>`: HTTP 429, `Retry-After` (default 1 s), `{ok:false,error:'ratelimited'}`.
 * - `error:<code>`: HTTP 200 `{ok:false,error:<code>}` (e.g. `error:invalid_auth`).
 * - `http500`: HTTP 500 with an HTML page, as a load balancer would answer.
 * - `lose-response`: the call takes effect, then the connection is dropped unanswered.
 */
export type Fault = 'ratelimited' | `ratelimited:${number}` | `error:${string}` | 'http500' | 'lose-response';

const FAULT = /^(ratelimited(:\d{1,6})?|error:[a-z0-9_]{1,64}|http500|lose-response)$/;

/** The queue of faults; `startLocalSlack` returns one as `faults`. */
export class Faults {
  readonly #queues = new Map<string, Fault[]>();

  /** Queues `faults` for the next calls of `method` (e.g. `chat.postMessage`), in order. */
  add(method: string, ...faults: Fault[]): void {
    for (const fault of faults) {
      if (!FAULT.test(fault)) throw new Error(`Unexpected fault \`${fault}\`, expected ratelimited[:<seconds>], error:<code>, http500 or lose-response`);
    }
    this.#queues.set(method, [...(this.#queues.get(method) ?? []), ...faults]);
  }

  /** Faults still queued, for one method or all. */
  pending(method?: string): number {
    if (method !== undefined) return this.#queues.get(method)?.length ?? 0;
    let count = 0;
    for (const queue of this.#queues.values()) count += queue.length;
    return count;
  }

  clear(): void {
    this.#queues.clear();
  }

  /** The next fault for `method`, removed from the queue. */
  take(method: string): Fault | undefined {
    return this.#queues.get(method)?.shift();
  }
}
