export { SwaybotError, isSwaybotError, type ErrorDetails, type SwaybotErrorOptions } from './swaybot-error.js';
