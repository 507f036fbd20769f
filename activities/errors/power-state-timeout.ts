import { SwaybotError } from '../../errors/index.js';

/**
 * `hardware.power` sent its command but the BMC did not show the resulting state in time.
 * After a cycle or reset this is final: another attempt would cycle the host again.
 */
export class PowerStateTimeoutError extends SwaybotError {
  override name = 'PowerStateTimeout';
  readonly retryable: boolean;

  constructor(host: string, state: string, target: 'on' | 'off', wait: string | number) {
    super(`host ${host}: power is not ${target} ${String(wait)} after \`${state}\``, { details: { host, state } });
    this.retryable = state !== 'cycle' && state !== 'reset';
  }
}
