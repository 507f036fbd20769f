/** Errors our activities raise; each `name` is the `ApplicationFailure` type people see. */
export { ActivityError, isActivityError } from './activity-error.js';
export { InvalidArgumentsError } from './invalid-arguments.js';
export { HostNotAllowedError } from './host-not-allowed.js';
export { HttpStatusError } from './http-status.js';
export { HttpRequestFailedError } from './http-request-failed.js';
