/**
 * Parameter resolution shared by the workflow (fail fast) and the client
 * helper (refuse to start): supplied values merged over plan defaults, checked
 * against the declared types. Pure: no Temporal import, no I/O.
 */
import type { ParamSpec } from '../plan/types.js';

export type ParamValue = string | number | boolean;

export interface ResolvedParams {
  values: Record<string, ParamValue>;
  /** One human-readable line per problem; empty when the params are usable. */
  problems: string[];
}

/**
 * Merges `supplied` over the defaults of `specs` and lists every problem:
 * required-but-missing, wrong type, and names the plan does not declare.
 */
export function resolveParams(specs: readonly ParamSpec[], supplied: Readonly<Record<string, unknown>>): ResolvedParams {
  const values: Record<string, ParamValue> = {};
  const problems: string[] = [];
  const declared = new Set(specs.map((s) => s.name));
  for (const spec of specs) {
    const has = Object.prototype.hasOwnProperty.call(supplied, spec.name) && supplied[spec.name] !== undefined;
    if (!has) {
      const fallback: unknown = spec.default;
      // A plan compiled before `.inf` defaults were refused holds `null` (JSON's Infinity), or Infinity when built in memory.
      if (fallback === null || (typeof fallback === 'number' && !Number.isFinite(fallback))) {
        problems.push(`\`${spec.name}\` has a default that is not a finite number, a string or a boolean (recompile the runbook)`);
      } else if (fallback !== undefined) values[spec.name] = fallback as ParamValue;
      else if (spec.required) problems.push(`\`${spec.name}\` (${spec.type}) is required and has no default`);
      continue;
    }
    const value = supplied[spec.name];
    if (typeof value !== spec.type) {
      problems.push(`\`${spec.name}\` must be a ${spec.type}, got ${describe(value)}`);
      continue;
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      problems.push(`\`${spec.name}\` must be a finite number, got ${String(value)}`);
      continue;
    }
    values[spec.name] = value as ParamValue;
  }
  for (const name of Object.keys(supplied).sort()) {
    if (!declared.has(name)) {
      const known = specs.map((s) => s.name).join(', ') || 'none';
      problems.push(`\`${name}\` is not a parameter of this runbook (known: ${known})`);
    }
  }
  return { values, problems };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${JSON.stringify(value)}`;
}
