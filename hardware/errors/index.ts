export { HardwareError, type HardwareErrorKind } from './hardware-error.js';
export { BmcAuthenticationError } from './authentication-error.js';
export { BmcUnsupportedError } from './unsupported-error.js';
export { BmcCommandError } from './command-error.js';
export { BmcTimeoutError } from './timeout-error.js';
export { BmcUnreachableError } from './unreachable-error.js';
