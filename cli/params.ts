import type { ParamSpec } from '../plan/types.js';
import { CliError } from './errors.js';

/** commander collector for repeated `--param k=v`. */
export function collectParam(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * Turns `k=v` pairs into runbook parameters, typed as the plan declares them
 * (`--param retries=3` is a number when `retries` is a number). Names the plan
 * does not declare stay strings: starting the run reports them with the known names.
 */
export function parseParams(pairs: readonly string[], specs: readonly ParamSpec[] = []): Record<string, string | number | boolean> {
  const params: Record<string, string | number | boolean> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new CliError(`Unexpected --param \`${pair}\`, expected name=value (e.g. --param service=web)`);
    const name = pair.slice(0, eq).trim();
    if (name in params) throw new CliError(`Unexpected second --param \`${name}\`, expected each parameter once`);
    params[name] = coerce(name, pair.slice(eq + 1), specs.find((s) => s.name === name)?.type);
  }
  return params;
}

function coerce(name: string, raw: string, type: ParamSpec['type'] | undefined): string | number | boolean {
  if (type === 'number') {
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) throw new CliError(`Unexpected --param ${name}=${raw}, expected a number`);
    return n;
  }
  if (type === 'boolean') {
    if (raw === 'true' || raw === 'yes') return true;
    if (raw === 'false' || raw === 'no') return false;
    throw new CliError(`Unexpected --param ${name}=${raw}, expected true or false`);
  }
  return raw;
}

/** Parses `--incident` JSON; it must be an object. */
export function parseIncident(json: string | undefined): Record<string, unknown> | undefined {
  if (json === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (err) {
    throw new CliError(`Unexpected --incident value, expected JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CliError('Unexpected --incident value, expected a JSON object such as \'{"service":"web"}\'');
  }
  return value as Record<string, unknown>;
}
