/**
 * Approval gating: actions whose catalogue entry says `needsApproval` for the
 * step's arguments (power changes, clearing the event log) must sit behind an
 * `approval`, unless the step opts out with `unattended: <reason>`.
 */
import type { ActionCall } from '../plan/types.js';
import { kindOf } from './diagnostics.js';
import { fail, type CompileContext } from './context.js';
import type { YamlSource } from './yaml-source.js';

/** The parts of a read block the rule looks at. */
interface Gated {
  call?: ActionCall;
  compensate?: ActionCall;
  approval?: unknown;
}

function needsApproval(ctx: CompileContext, call: ActionCall | undefined): boolean {
  const check = call ? ctx.catalogue.get(call.action)?.needsApproval : undefined;
  return check !== undefined && call !== undefined && check(call.with);
}

/**
 * Reports `missing-approval` when a gated action has neither `approval` nor
 * `unattended`, and `bad-unattended` for a malformed or contradictory opt-out.
 * Returns the opt-out reason to keep in the plan.
 */
export function checkGate(ctx: CompileContext, yaml: YamlSource, block: Record<string, unknown>, fields: Gated): string | undefined {
  const raw = block['unattended'];
  const gatedCall = [fields.call, fields.compensate].find((call) => needsApproval(ctx, call));
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
