/**
 * Approval gating: actions whose catalogue entry says `needsApproval` for the
 * step's arguments (power changes, clearing the event log) must sit behind an
 * `approval`, unless the step opts out with `unattended: <reason>` (which the
 * interpreter honours only after an approved change of the same host in the same run).
 * The approval of such a step must be one a person can give: groups the directory
 * knows, a timeout of at least a minute, never `onTimeout: approve`, and for a
 * destructive action never `allowSelf: true`.
 */
import { MIN_GATED_TIMEOUT_MS } from '../approvals/gates.js';
import type { ActionCall, ApprovalSpec } from '../plan/types.js';
import { kindOf, suggest } from './diagnostics.js';
import { fail, type CompileContext } from './context.js';
import { durationMs } from './duration.js';
import type { YamlSource } from './yaml-source.js';

/** The parts of a read block the rule looks at. */
interface Gated {
  call?: ActionCall;
  compensate?: ActionCall;
  approval?: ApprovalSpec;
}

function needsApproval(ctx: CompileContext, call: ActionCall | undefined): boolean {
  const check = call ? ctx.catalogue.get(call.action)?.needsApproval : undefined;
  return check !== undefined && call !== undefined && check(call.with);
}

/**
 * Reports an approval nobody could give on time, or that lets the gated call through without a
 * person: `unknown-approver-group` (an error on a gated call, else a warning; only when the
 * compile knows the directory's groups), `short-approval-timeout`, `approve-on-timeout` and
 * `self-approval` (on destructive actions).
 */
function checkApproval(ctx: CompileContext, yaml: YamlSource, block: Record<string, unknown>, approval: ApprovalSpec, gatedCall: ActionCall | undefined): void {
  const raw = block['approval'];
  const written = (key: string): boolean => typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>)[key] !== undefined;
  const known = ctx.environment.groups;
  if (known !== undefined) {
    const severity = gatedCall ? 'error' : 'warning';
    const place = written('groups') ? yaml.at(['approval', 'groups']) : yaml.at(['approval'], true);
    for (const group of approval.groups.filter((g) => !known.includes(g))) {
      const list = known.length > 0 ? known.map((g) => `\`${g}\``).join(', ') : 'none: nobody may approve until `groups` is configured';
      fail(ctx, 'unknown-approver-group',
        `Unexpected approver group \`${group}\`, expected a group of the approver directory (\`groups\` in the configuration: ${list})`,
        place, { expected: suggest(group, known), severity });
    }
  }
  if (!gatedCall) return;
  const ms = durationMs(approval.timeout);
  if (ms !== undefined && ms < MIN_GATED_TIMEOUT_MS) {
    fail(ctx, 'short-approval-timeout',
      `Unexpected approval \`timeout\` of ${String(approval.timeout)} on \`${gatedCall.action}\`, expected at least 1m: approvers need time to read it`,
      written('timeout') ? yaml.at(['approval', 'timeout']) : yaml.at(['approval'], true));
  }
  if (approval.onTimeout === 'approve') {
    fail(ctx, 'approve-on-timeout',
      `Unexpected \`onTimeout: approve\` on \`${gatedCall.action}\`, expected \`fail\` or \`skip\`: a gated action runs only after a person approved it`,
      yaml.at(['approval', 'onTimeout']));
  }
  if (approval.allowSelf === true && ctx.catalogue.get(gatedCall.action)?.destructive === true) {
    fail(ctx, 'self-approval',
      `Unexpected \`allowSelf: true\` on \`${gatedCall.action}\`, expected none: a destructive action needs a second person, not whoever started the run`,
      yaml.at(['approval', 'allowSelf']));
  }
}

/**
 * Reports `missing-approval` when a gated action has neither `approval` nor
 * `unattended`, and `bad-unattended` for a malformed or contradictory opt-out.
 * Returns the opt-out reason to keep in the plan.
 */
export function checkGate(ctx: CompileContext, yaml: YamlSource, block: Record<string, unknown>, fields: Gated): string | undefined {
  const raw = block['unattended'];
  const gatedCall = [fields.call, fields.compensate].find((call) => needsApproval(ctx, call));
  if (fields.approval) checkApproval(ctx, yaml, block, fields.approval, gatedCall);
  if (raw === undefined) {
    if (gatedCall && fields.approval === undefined && block['approval'] === undefined) {
      const where = gatedCall === fields.call ? ['action'] : ['compensate', 'action'];
      fail(ctx, 'missing-approval',
        `Unexpected \`${gatedCall.action}\` without \`approval\`, expected \`approval: true\` (or a mapping), or \`unattended: <reason>\` to run it without one`,
        yaml.at(where));
    }
    if (gatedCall && block['approval'] === false) {
      fail(ctx, 'missing-approval',
        `Unexpected \`approval: false\` on \`${gatedCall.action}\`, expected an approval, or \`unattended: <reason>\` to say why none is needed`,
        yaml.at(['approval']));
    }
    return undefined;
  }
  if (typeof raw !== 'string' || raw.trim() === '') {
    fail(ctx, 'bad-unattended', `Unexpected ${typeof raw === 'string' ? 'empty reason' : kindOf(raw)} for \`unattended\`, expected the reason this step may run without approval`,
      yaml.at(['unattended']));
    return undefined;
  }
  if (block['approval'] !== undefined && block['approval'] !== false) {
    fail(ctx, 'bad-unattended', 'Unexpected `unattended` together with `approval`, expected one of them', yaml.at(['unattended'], true));
    return undefined;
  }
  if (!gatedCall) {
    fail(ctx, 'unneeded-unattended', `Unexpected \`unattended\` on \`${fields.call?.action ?? 'a step'}\`, which needs no approval; remove it`,
      yaml.at(['unattended'], true), { severity: 'warning' });
  }
  return raw.trim();
}
