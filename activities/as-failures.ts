import { isSwaybotError } from '../errors/index.js';
import { toFailure } from './to-failure.js';

/**
 * Wraps an activity so our own errors (`SwaybotError`s) leave it as the ApplicationFailures
 * `toFailure` makes of them. Anything else, a cancellation included, passes untouched.
 */
export function asFailures<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  const wrapped = async (...args: A): Promise<R> => {
    try {
      return await fn(...args);
    } catch (err) {
      throw isSwaybotError(err) ? toFailure(err) : err;
    }
  };
  // Temporal registers activities by key, but keep the function name for stack traces.
  Object.defineProperty(wrapped, 'name', { value: fn.name });
  return wrapped;
}
