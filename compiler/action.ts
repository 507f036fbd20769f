/**
 * An action call (`action` + `with`, in a step or its `compensate`) checked
 * against the catalogue: known action, known params, required params present,
 * and literal values valid for the param's schema. Templated values are left
 * to run time, when the activity re-validates them.
 */
import type { z } from 'zod';
import { callOf, type ActionDefinition } from '../actions/index.js';
import { durationParam } from '../actions/duration.js';
import type { ActionCall, TemplateValue } from '../plan/types.js';
import { hasTemplate } from '../expr/index.js';
import { kindOf, show, suggest } from './diagnostics.js';
import { fail, isMapping, type CompileContext } from './context.js';
import { isTooLong, MAX_DURATION, MAX_DURATION_MS } from './duration.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

interface Shape {
  keys: string[];
  required: string[];
  /** A Map, so that a `with:` key such as `constructor` or `toString` never finds an inherited member. */
  fields: ReadonlyMap<string, z.ZodType>;
}

// Schemas are immutable: derive each action's param list once, not per compile.
const shapes = new WeakMap<ActionDefinition, Shape>();

function shapeOf(action: ActionDefinition): Shape {
  let shape = shapes.get(action);
  if (!shape) {
    const fields = new Map(Object.entries(action.params.shape as Record<string, z.ZodType>));
    const keys = [...fields.keys()].sort();
    shape = { keys, fields, required: keys.filter((key) => !fields.get(key)!.safeParse(undefined).success) };
    shapes.set(action, shape);
  }
  return shape;
}

/** Deepest `with` value: the renderer refuses values nested 200 levels deep, and no action needs more than a few. */
export const MAX_VALUE_DEPTH = 100;

/** True when `value` nests lists or mappings deeper than `limit` levels. */
function tooDeep(value: unknown, limit: number): boolean {
  if (!Array.isArray(value) && !isMapping(value)) return false;
  if (limit === 0) return true;
  return (Array.isArray(value) ? value : Object.values(value)).some((item) => tooDeep(item, limit - 1));
}

/** The path (below the value) of the first number that is not finite: YAML's `.inf`, `.nan` or `1e999`, which JSON turns into `null`. */
function nonFinite(value: unknown, path: PathSegment[] = []): { path: PathSegment[]; value: number } | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : { path, value };
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nonFinite(item, [...path, index]);
      if (found) return found;
    }
  } else if (isMapping(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = nonFinite(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The path (below the value) of the first `__proto__` key: the activity's schema drops it when it re-validates the rendered value. */
function protoKey(value: unknown, path: PathSegment[] = []): PathSegment[] | undefined {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = protoKey(item, [...path, index]);
      if (found) return found;
    }
  } else if (isMapping(value)) {
    for (const [key, item] of Object.entries(value)) {
      const found = key === '__proto__' ? [...path, key] : protoKey(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** True for the shared duration param (`wait.duration`, `http.request.timeout`…), through `.default()`/`.optional()`/`.describe()`. */
function isDurationParam(schema: z.ZodType): boolean {
  let current: unknown = schema;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const def = (current as { def?: { innerType?: unknown } }).def;
    if (def !== undefined && def === durationParam.def) return true;
    current = def?.innerType;
  }
  return false;
}

/** True when a value holds a `{{ }}` anywhere (such values are checked at run time). */
export function containsTemplate(value: unknown): boolean {
  if (typeof value === 'string') return hasTemplate(value);
  if (Array.isArray(value)) return value.some(containsTemplate);
  if (isMapping(value)) return Object.values(value).some(containsTemplate);
  return false;
}

/** Options of an enum param (through `.default()`/`.optional()`), for suggestions. */
function enumOptions(schema: z.ZodType): string[] {
  let current: unknown = schema;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const def = (current as { def?: { type?: string; entries?: Record<string, unknown>; innerType?: unknown } }).def;
    if (def?.type === 'enum' && def.entries) return Object.values(def.entries).map(String);
    current = def?.innerType;
  }
  return [];
}

/**
 * Reads `action` and `with` at `path` (the step block or its `compensate`).
 * `name` is the raw `action` value. Returns the call for the plan, or
 * undefined after reporting why not.
 */
export function readActionCall(
  ctx: CompileContext, yaml: YamlSource, path: readonly PathSegment[], name: unknown, withValue: unknown,
): ActionCall | undefined {
  if (typeof name !== 'string' || name.trim() === '') {
    fail(ctx, 'unknown-action', `Unexpected ${kindOf(name)} for \`action\`, expected an action name such as \`http.request\``,
      yaml.at([...path, 'action']));
    return undefined;
  }
  const action = ctx.catalogue.get(name);
  if (!action) {
    fail(ctx, 'unknown-action', `Unexpected \`${name}\`, expected a known action`, yaml.at([...path, 'action']),
      { expected: suggest(name, ctx.catalogue.names()) });
    return undefined;
  }
  const args = withValue ?? {};
  const withPath = [...path, 'with'];
  if (!isMapping(args)) {
    fail(ctx, 'bad-param', `Unexpected ${kindOf(args)} for \`with\`, expected a mapping of params`, yaml.at(withPath));
    return undefined;
  }
  const shape = shapeOf(action);
  let ok = true;
  for (const [key, value] of Object.entries(args)) {
    const field = shape.fields.get(key);
    if (!field) {
      ok = false;
      fail(ctx, 'unknown-param', `Unexpected param \`${key}\` for \`${name}\`, expected one of ${shape.keys.map((k) => `\`${k}\``).join(', ')}`,
        yaml.at([...withPath, key], true), { expected: suggest(key, shape.keys) });
      continue;
    }
    if (tooDeep(value, MAX_VALUE_DEPTH)) {
      ok = false;
      fail(ctx, 'bad-param', `Unexpected value nested deeper than ${MAX_VALUE_DEPTH} levels for \`${key}\` of \`${name}\`, expected a flatter value`,
        yaml.at([...withPath, key]));
      continue;
    }
    const proto = protoKey(value);
    if (proto) {
      ok = false;
      fail(ctx, 'bad-param', `Unexpected key \`__proto__\` in \`${key}\` of \`${name}\`, expected another key (a run would drop it)`,
        yaml.at([...withPath, key, ...proto], true));
      continue;
    }
    const infinite = nonFinite(value);
    if (infinite) {
      ok = false;
      fail(ctx, 'bad-param', `Unexpected ${show(infinite.value)} for \`${key}\` of \`${name}\`, expected a finite number`,
        yaml.at([...withPath, key, ...infinite.path]));
      continue;
    }
    if (containsTemplate(value)) continue;
    if (isDurationParam(field) && isTooLong(value)) {
      ok = false;
      fail(ctx, 'bad-param', `Unexpected ${show(value)} for \`${key}\` of \`${name}\`, expected at most \`${MAX_DURATION}\` (${MAX_DURATION_MS} ms): longer timers fire at once`,
        yaml.at([...withPath, key]));
      continue;
    }
    const result = field.safeParse(value);
    if (!result.success) {
      ok = false;
      const issue = result.error.issues[0];
      const where = [...withPath, key, ...(issue?.path ?? []).filter((s): s is string | number => typeof s !== 'symbol')];
      const options = enumOptions(field);
      fail(ctx, 'bad-param', `Unexpected ${show(value)} for \`${key}\` of \`${name}\` (${issue?.message ?? 'invalid value'})`,
        yaml.at(where), { expected: typeof value === 'string' ? suggest(value, options) : [] });
    }
  }
  for (const key of shape.required) {
    if (Object.hasOwn(args, key)) continue;
    ok = false;
    fail(ctx, 'missing-param', `Unexpected missing param \`${key}\`, expected it in \`with\` for \`${name}\``,
      yaml.at(withValue === undefined ? [...path, 'action'] : withPath, withValue !== undefined));
  }
  if (!ok) return undefined;
  return callOf(action, args as { [key: string]: TemplateValue });
}
