/** swaybot's power actions, the same words as the IPMI client's. */
export type PowerAction = 'on' | 'off' | 'cycle' | 'reset' | 'soft';

/**
 * Redfish ResetType values that carry out each action, best first. `off` and `reset` are hard
 * (like `ipmitool chassis power off/reset`); `soft` asks the OS to shut down; `cycle` prefers a
 * real power cycle and falls back to a forced restart, which BMCs without PowerCycle use for it.
 */
export const RESET_PREFERENCES: Readonly<Record<PowerAction, readonly string[]>> = {
  on: ['On', 'ForceOn'],
  off: ['ForceOff'],
  cycle: ['PowerCycle', 'ForceRestart'],
  reset: ['ForceRestart', 'PowerCycle'],
  soft: ['GracefulShutdown'],
};

/**
 * The best allowed ResetType for `action`, or undefined when the BMC allows none of them.
 * An empty `allowed` list means the BMC did not say, so the first preference is used.
 */
export function chooseResetType(action: PowerAction, allowed: readonly string[]): string | undefined {
  const wanted = RESET_PREFERENCES[action];
  if (allowed.length === 0) return wanted[0];
  return wanted.find((value) => allowed.includes(value));
}

/** The power state an action ends in once applied (restarts end powered on). */
export function expectedPowerState(action: PowerAction): 'On' | 'Off' {
  return action === 'off' || action === 'soft' ? 'Off' : 'On';
}
