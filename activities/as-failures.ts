import { isActivityError } from './errors/index.js';

/**
 * Wraps an activity so our own errors (ActivityError subclasses) leave it as the
 * ApplicationFailures they describe, carrying their type and retryability.
 */
export function asFailures<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const wrapped = async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (err) {
      throw isActivityError(err) ? err.toFailure() : err;
    }
  };
  // Temporal registers activities by key, but keep the function name for stack traces.
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  return wrapped;
}
