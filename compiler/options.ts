/**
 * The step options that are not templates: durations, `approval` and `retry`,
 * each normalised to the plan's shape with the documented defaults.
 */
import type { ApprovalOutcome, ApprovalSpec, Duration, RetrySpec } from '../plan/types.js';
import { kindOf, show, suggest } from './diagnostics.js';
import { checkKeys, fail, isMapping, type CompileContext } from './context.js';
import type { PathSegment, YamlSource } from './yaml-source.js';
import { durationMs, MAX_DURATION, MAX_DURATION_MS } from './duration.js';

const DURATION_HINT = 'a duration such as `30s`, `5m`, `2h`, `1d` or `500ms`';

/** Most attempts of a retry policy: Temporal reads 0 (and 2^32, which wraps to 0) as "retry for ever". */
export const MAX_ATTEMPTS = 1000;
/** Largest `backoffCoefficient`: the next interval is this many times the last one. */
export const MAX_BACKOFF = 100;

/**
 * A duration as written (`'5m'`) or a number of milliseconds, at most
 * `MAX_DURATION`; reports `bad-duration` otherwise.
 */
export function readDuration(ctx: CompileContext, yaml: YamlSource, path: readonly PathSegment[], value: unknown): Duration | undefined {
  const ms = durationMs(value);
  const key = String(path.at(-1));
  if (ms !== undefined && ms <= MAX_DURATION_MS) return typeof value === 'string' ? value.trim() : (value as number);
  if (ms === undefined) fail(ctx, 'bad-duration', `Unexpected ${show(value)} for \`${key}\`, expected ${DURATION_HINT}`, yaml.at(path));
  else fail(ctx, 'bad-duration', `Unexpected ${show(value)} for \`${key}\`, expected at most \`${MAX_DURATION}\` (${MAX_DURATION_MS} ms): longer timers fire at once`, yaml.at(path));
  return undefined;
}

const APPROVAL_KEYS = ['groups', 'timeout', 'onTimeout', 'onReject', 'prompt', 'allowSelf'] as const;
const ON_TIMEOUT: readonly ApprovalOutcome[] = ['fail', 'skip', 'approve'];
const ON_REJECT: readonly ApprovalOutcome[] = ['fail', 'skip'];

function readOutcome<T extends ApprovalOutcome>(
  ctx: CompileContext, yaml: YamlSource, path: readonly PathSegment[], value: unknown, allowed: readonly T[],
): T | undefined {
  if (value === undefined) return allowed[0];
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const list = allowed.map((a) => `\`${a}\``).join(', ');
  fail(ctx, 'bad-approval', `Unexpected ${show(value)} for \`${String(path.at(-1))}\`, expected one of ${list}`, yaml.at(path),
    { expected: typeof value === 'string' ? suggest(value, allowed) : [] });
  return undefined;
}

/** A list of group names: one string or a list of non-empty strings. */
export function readGroups(ctx: CompileContext, yaml: YamlSource, path: readonly PathSegment[], value: unknown, rule: string): string[] | undefined {
  const list = typeof value === 'string' ? [value] : value;
  if (Array.isArray(list) && list.every((g): g is string => typeof g === 'string' && g.trim() !== '')) return list.map((g) => g.trim());
  fail(ctx, rule, `Unexpected ${kindOf(value)} for \`${String(path.at(-1))}\`, expected a group name or a list of group names`, yaml.at(path));
  return undefined;
}

/**
 * `approval: true` or a mapping; groups default to the runbook's `approvers`
 * (undefined when the front matter could not be read: no second error then).
 * Returns undefined for `false` or after reporting a problem; the prompt is
 * returned as written and template-checked by the caller.
 */
export function readApproval(
  ctx: CompileContext, yaml: YamlSource, path: readonly PathSegment[], value: unknown, approvers: readonly string[] | undefined,
): ApprovalSpec | undefined {
  if (value === false || value === undefined || value === null) return undefined;
  const spec = value === true ? {} : value;
  if (!isMapping(spec)) {
    fail(ctx, 'bad-approval', `Unexpected ${kindOf(value)} for \`approval\`, expected \`true\` or a mapping`, yaml.at(path));
    return undefined;
  }
  checkKeys(ctx, yaml, path, spec, APPROVAL_KEYS, '`approval`');
  const defaults = approvers === undefined ? undefined : [...approvers];
  const groups = spec['groups'] === undefined ? defaults : readGroups(ctx, yaml, [...path, 'groups'], spec['groups'], 'bad-approval');
  if (groups && groups.length === 0) {
    fail(ctx, 'missing-approvers', 'Unexpected approval without approvers, expected `groups` here or `approvers` in the front matter',
      yaml.at(path, true));
  }
  const timeout = spec['timeout'] === undefined ? '1h' : readDuration(ctx, yaml, [...path, 'timeout'], spec['timeout']);
  const onTimeout = readOutcome(ctx, yaml, [...path, 'onTimeout'], spec['onTimeout'], ON_TIMEOUT);
  const onReject = readOutcome(ctx, yaml, [...path, 'onReject'], spec['onReject'], ON_REJECT) as ApprovalSpec['onReject'] | undefined;
  const prompt = spec['prompt'];
  if (prompt !== undefined && typeof prompt !== 'string') {
    fail(ctx, 'bad-approval', `Unexpected ${kindOf(prompt)} for \`prompt\`, expected a string`, yaml.at([...path, 'prompt']));
    return undefined;
  }
  const allowSelf = spec['allowSelf'];
  if (allowSelf !== undefined && typeof allowSelf !== 'boolean') {
    fail(ctx, 'bad-approval', `Unexpected ${kindOf(allowSelf)} for \`allowSelf\`, expected \`true\` or \`false\``, yaml.at([...path, 'allowSelf']));
    return undefined;
  }
  if (!groups || groups.length === 0 || timeout === undefined || !onTimeout || !onReject) return undefined;
  return { groups, timeout, onTimeout, onReject, ...(prompt !== undefined ? { prompt } : {}), ...(allowSelf !== undefined ? { allowSelf } : {}) };
}

const RETRY_KEYS = ['maximumAttempts', 'initialInterval', 'backoffCoefficient', 'maximumInterval'] as const;

function readNumber(
  ctx: CompileContext, yaml: YamlSource, path: readonly PathSegment[], value: unknown, min: number, max: number, integer: boolean,
): number | undefined {
  const key = String(path.at(-1));
  if (typeof value === 'number' && Number.isFinite(value) && value >= min && (!integer || Number.isInteger(value))) {
    if (value <= max) return value;
    fail(ctx, 'bad-retry', `Unexpected ${show(value)} for \`${key}\`, expected at most ${max}`, yaml.at(path));
    return undefined;
  }
  const what = integer ? `a whole number of at least ${min}` : `a number of at least ${min}`;
  fail(ctx, 'bad-retry', `Unexpected ${show(value)} for \`${key}\`, expected ${what}`, yaml.at(path));
  return undefined;
}

/** `retry: 5` (attempts) or a mapping; defaults: 3 attempts, `1s`, coefficient 2. */
export function readRetry(ctx: CompileContext, yaml: YamlSource, path: readonly PathSegment[], value: unknown): RetrySpec | undefined {
  if (typeof value === 'number') {
    const attempts = readNumber(ctx, yaml, path, value, 1, MAX_ATTEMPTS, true);
    return attempts === undefined ? undefined : { maximumAttempts: attempts, initialInterval: '1s', backoffCoefficient: 2 };
  }
  if (!isMapping(value)) {
    fail(ctx, 'bad-retry', `Unexpected ${kindOf(value)} for \`retry\`, expected a number of attempts or a mapping`, yaml.at(path));
    return undefined;
  }
  checkKeys(ctx, yaml, path, value, RETRY_KEYS, '`retry`');
  const at = (key: string): PathSegment[] => [...path, key];
  const attempts = value['maximumAttempts'] === undefined ? 3 : readNumber(ctx, yaml, at('maximumAttempts'), value['maximumAttempts'], 1, MAX_ATTEMPTS, true);
  const initial = value['initialInterval'] === undefined ? '1s' : readDuration(ctx, yaml, at('initialInterval'), value['initialInterval']);
  const coefficient = value['backoffCoefficient'] === undefined ? 2 : readNumber(ctx, yaml, at('backoffCoefficient'), value['backoffCoefficient'], 1, MAX_BACKOFF, false);
  const maximum = value['maximumInterval'] === undefined ? undefined : readDuration(ctx, yaml, at('maximumInterval'), value['maximumInterval']);
  if (attempts === undefined || initial === undefined || coefficient === undefined) return undefined;
  if (value['maximumInterval'] !== undefined && maximum === undefined) return undefined;
  return { maximumAttempts: attempts, initialInterval: initial, backoffCoefficient: coefficient, ...(maximum !== undefined ? { maximumInterval: maximum } : {}) };
}
