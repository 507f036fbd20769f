/** The incident domain's public API: the shared contract, incident keys, and the pure logic over them. */
export * from './types.js';
export * from './key.js';
export * from './intake.js';
export * from './alertmanager.js';
export * from './generic.js';
export * from './labels.js';
export * from './oncall.js';
export * from './escalation.js';
export * from './select.js';
export * from './timeline.js';
export * from './postmortem.js';
export { instantMs, ZERO_TIME_MS } from './time.js';
