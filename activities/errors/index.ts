/** Errors our activities raise; each `name` is the `ApplicationFailure` type people see. */
export { InvalidArgumentsError } from './invalid-arguments.js';
export { HostNotAllowedError } from './host-not-allowed.js';
export { AddressNotAllowedError } from './address-not-allowed.js';
export { HttpStatusError } from './http-status.js';
export { HttpRequestFailedError } from './http-request-failed.js';
export { PowerStateTimeoutError } from './power-state-timeout.js';
