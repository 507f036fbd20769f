/**
 * `createActivities(deps)`: the activities the ops worker registers, built over
 * injected configuration and logger. Workflows import this module as a type only.
 */
import type { Config } from '../config/schema.js';
import { isActivityError } from './errors/index.js';
import { createHttpRequest } from './http-request.js';
import { createLog } from './log.js';
import { defaultLogger, type ActivityLogger } from './logger.js';

export interface ActivityDeps {
  config: Config;
  logger?: ActivityLogger;
}

/** The shipped activities, keyed by the activity type names the catalogue's runners use. */
export function createActivities(deps: ActivityDeps) {
  const logger = deps.logger ?? defaultLogger();
  return {
    log: asFailures(createLog(logger)),
    httpRequest: asFailures(createHttpRequest(deps.config.http.allowHosts, logger)),
  };
}

/** Turns our own errors into ApplicationFailures carrying their type and retryability. */
function asFailures<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
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

export type { ActivityLogger } from './logger.js';
export * from './errors/index.js';
