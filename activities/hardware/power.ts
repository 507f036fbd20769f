import { Context } from '@temporalio/activity';
import type { Host } from '../../hardware/inventory.js';
import { hardwarePowerParams, type PowerOutput, type PowerStateName } from '../../actions/index.js';
import { parseArgs } from '../args.js';
import { PowerStateTimeoutError } from '../errors/index.js';
import { callSite } from '../context.js';
import type { ActivityLogger } from '../logger.js';
import type { Bmc, BmcFor } from './bmc.js';
import { durationMs } from './duration.js';

const POLL_MS = 500;

/** The power state an action ends in: restarts end powered on. */
export const targetOf = (state: PowerStateName): 'on' | 'off' => (state === 'off' || state === 'soft' ? 'off' : 'on');

/**
 * The `hardware.power` action: read the power, send the command, then poll until
 * the BMC shows the resulting state (`wait`), heartbeating meanwhile. If the state
 * does not show in time after a cycle or reset, the failure is final: another
 * attempt would cycle the host again.
 */
export function createHardwarePower(hostOf: (name: string) => Host, bmcFor: BmcFor, logger: ActivityLogger) {
  return async function hardwarePower(raw: unknown): Promise<PowerOutput> {
    const args = parseArgs(hardwarePowerParams, raw, 'hardware.power');
    const bmc = bmcFor(hostOf(args.host));
    const { cancellationSignal: signal } = Context.current();
    const before = await bmc.powerStatus({ signal });
    await bmc.setPower(args.state, { signal });
    logger.info({ ...callSite(), host: args.host, state: args.state, before }, 'hardware.power sent');
    const target = targetOf(args.state);
    const waitMs = durationMs(args.wait);
    if (!(await waitForPower(bmc, target, waitMs, signal))) {
      throw new PowerStateTimeoutError(args.host, args.state, target, args.wait);
    }
    logger.info({ ...callSite(), host: args.host, state: args.state, power: target }, 'hardware.power done');
    return { host: args.host, state: args.state, before, after: target };
  };
}

/** Polls until the BMC reports `target`; false when `waitMs` passed first. */
async function waitForPower(bmc: Bmc, target: 'on' | 'off', waitMs: number, signal: AbortSignal): Promise<boolean> {
  const ctx = Context.current();
  const deadline = Date.now() + waitMs;
  for (;;) {
    const now = await bmc.powerStatus({ signal });
    ctx.heartbeat({ power: now });
    if (now === target) return true;
    if (Date.now() >= deadline) return false;
    await ctx.sleep(Math.min(POLL_MS, Math.max(1, deadline - Date.now())));
  }
}
