/**
 * Names a runbook may not use for a step output (`as`), a param or a step id:
 * the members every JavaScript object inherits. A run keeps outputs, params
 * and steps in objects, where `__proto__` replaces the prototype instead of
 * holding the value and `constructor` reads as a function; the expression
 * language refuses `__proto__`, `constructor` and `prototype` outright.
 */

/** `Object.prototype`'s own names, and `prototype`; a fixed list, so messages and docs never depend on the runtime. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  '__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', 'toString',
  'valueOf', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__',
]);

/** The reserved names as a message lists them. */
export const RESERVED_LIST = '`__proto__`, `constructor`, `prototype`, `toString` and the other members of `Object.prototype`';

export function isReserved(name: string): boolean {
  return RESERVED_NAMES.has(name);
}
