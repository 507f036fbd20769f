/**
 * The machine part of a step: the `swaybot` block's YAML, checked key by key.
 * Templates are checked here too, against the scope the step sees.
 */
import type { ActionCall, ApprovalSpec, Duration, RetrySpec, TemplateValue } from '../plan/types.js';
import { TEMPLATE_ROOTS } from '../plan/types.js';
import { kindOf, show } from './diagnostics.js';
import { readActionCall } from './action.js';
import { checkKeys, fail, isMapping, type CompileContext } from './context.js';
import { checkEnvironment } from './environment.js';
import { checkGate } from './gate.js';
import { isReserved, RESERVED_LIST } from './names.js';
import { readApproval, readDuration, readRetry } from './options.js';
import { checkCondition, checkTemplate, type Scope } from './templates.js';
import type { PathSegment, YamlSource } from './yaml-source.js';

export const BLOCK_KEYS = ['action', 'with', 'as', 'when', 'approval', 'unattended', 'retry', 'timeout', 'compensate'] as const;
/** Keys that only make sense with an `action`. */
const ACTION_ONLY = ['with', 'as', 'retry', 'compensate', 'unattended'] as const;
const COMPENSATE_KEYS = ['action', 'with'] as const;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** What a block contributes to its step; `as` is read earlier, by the step builder. */
export interface BlockFields {
  call?: ActionCall;
  when?: string;
  approval?: ApprovalSpec;
  retry?: RetrySpec;
  timeout?: Duration;
  compensate?: ActionCall;
  /** Why a step that needs approval runs without one (`unattended: <reason>`). */
  unattended?: string;
}

/** Checks every string inside a templated value (`with`, `compensate.with`). */
function checkValue(ctx: CompileContext, yaml: YamlSource, path: PathSegment[], value: TemplateValue, scope: Scope): void {
  if (typeof value === 'string') {
    checkTemplate(ctx, value, scope, (offset) => yaml.inString(path, value, offset));
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => checkValue(ctx, yaml, [...path, index], item, scope));
  } else if (isMapping(value)) {
    for (const [key, item] of Object.entries(value)) checkValue(ctx, yaml, [...path, key], item, scope);
  }
}

/** The `as` name, if valid: an identifier that is not a template root or a reserved name. */
export function readOutputName(ctx: CompileContext, yaml: YamlSource, value: unknown): string | undefined {
  if (typeof value === 'string' && isReserved(value)) {
    fail(ctx, 'bad-output', `Unexpected ${show(value)} for \`as\`, expected a name other than ${RESERVED_LIST}`, yaml.at(['as']));
    return undefined;
  }
  if (typeof value === 'string' && IDENTIFIER.test(value) && !(TEMPLATE_ROOTS as readonly string[]).includes(value)) return value;
  const why = typeof value === 'string' && IDENTIFIER.test(value) ? ' that is not `params`, `incident` or `run`' : '';
  fail(ctx, 'bad-output', `Unexpected ${typeof value === 'string' ? show(value) : kindOf(value)} for \`as\`, expected an identifier${why}`,
    yaml.at(['as']));
  return undefined;
}

/**
 * Reads a `swaybot` block that is already known to be a mapping. `scope` is
 * what the step's own templates see; `ownScope` adds the step's `as` name for
 * `compensate`, which runs after the step succeeded.
 */
export function readBlock(
  ctx: CompileContext, yaml: YamlSource, block: Record<string, unknown>, scope: Scope, ownScope: Scope, approvers: readonly string[] | undefined,
): BlockFields {
  checkKeys(ctx, yaml, [], block, BLOCK_KEYS, 'a `swaybot` block');
  const fields: BlockFields = {};
  const hasAction = block['action'] !== undefined;
  if (hasAction) {
    const call = readActionCall(ctx, yaml, [], block['action'], block['with']);
    if (call) {
      checkValue(ctx, yaml, ['with'], call.with, scope);
      checkEnvironment(ctx, yaml, [], call);
      fields.call = call;
    }
  } else {
    for (const key of ACTION_ONLY) {
      if (block[key] === undefined) continue;
      fail(ctx, 'missing-action', `Unexpected \`${key}\` in a step without \`action\`, expected an \`action\` to go with it`,
        yaml.at([key], true));
    }
  }
  const when = block['when'];
  if (typeof when === 'string') {
    const condition = checkCondition(ctx, when, scope, (offset) => yaml.inString(['when'], when, offset));
    if (condition !== undefined) fields.when = condition;
  } else if (typeof when === 'boolean') {
    fields.when = String(when);
  } else if (when !== undefined) {
    fail(ctx, 'bad-template', `Unexpected ${kindOf(when)} for \`when\`, expected an expression such as \`health.body.status == 'degraded'\``,
      yaml.at(['when']));
  }
  const approval = readApproval(ctx, yaml, ['approval'], block['approval'], approvers);
  if (approval) {
    const prompt = approval.prompt;
    if (prompt !== undefined) checkTemplate(ctx, prompt, scope, (offset) => yaml.inString(['approval', 'prompt'], prompt, offset));
    fields.approval = approval;
  }
  if (hasAction && block['retry'] !== undefined) {
    const retry = readRetry(ctx, yaml, ['retry'], block['retry']);
    if (retry) fields.retry = retry;
  }
  if (block['timeout'] !== undefined) {
    const timeout = readDuration(ctx, yaml, ['timeout'], block['timeout']);
    if (timeout !== undefined) fields.timeout = timeout;
  }
  if (hasAction && block['compensate'] !== undefined) {
    const compensate = readCompensate(ctx, yaml, block['compensate'], ownScope);
    if (compensate) fields.compensate = compensate;
  }
  if (hasAction) {
    const unattended = checkGate(ctx, yaml, block, fields);
    if (unattended !== undefined) fields.unattended = unattended;
  }
  return fields;
}

function readCompensate(ctx: CompileContext, yaml: YamlSource, value: unknown, scope: Scope): ActionCall | undefined {
  if (!isMapping(value)) {
    fail(ctx, 'bad-compensate', `Unexpected ${kindOf(value)} for \`compensate\`, expected a mapping with \`action\` and \`with\``,
      yaml.at(['compensate']));
    return undefined;
  }
  checkKeys(ctx, yaml, ['compensate'], value, COMPENSATE_KEYS, '`compensate`');
  if (value['action'] === undefined) {
    fail(ctx, 'missing-action', 'Unexpected `compensate` without `action`, expected the action that undoes this step',
      yaml.at(['compensate'], true));
    return undefined;
  }
  const call = readActionCall(ctx, yaml, ['compensate'], value['action'], value['with']);
  if (call) {
    checkValue(ctx, yaml, ['compensate', 'with'], call.with, scope);
    checkEnvironment(ctx, yaml, ['compensate'], call);
  }
  return call;
}
