/** The action catalogue; see README.md. */
export { ACTIVITY_NAMES, isActivityName, type ActivityName, type Runner } from './runner.js';
export type { ActionDefinition } from './definition.js';
export { builtinActions, Catalogue, defaultCatalogue } from './registry.js';
export { callOf } from './call.js';
export * from './core.js';
export * from './hardware.js';
export { isHostAllowed } from './allowed-host.js';
export * from './replica.js';
